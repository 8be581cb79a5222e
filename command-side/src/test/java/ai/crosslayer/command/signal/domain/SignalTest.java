package ai.crosslayer.command.signal.domain;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.signal.AcknowledgeSignalCommand;
import ai.crosslayer.kernel.signal.RaiseSignalCommand;
import ai.crosslayer.kernel.signal.RecordSignalDeliveryCommand;
import ai.crosslayer.kernel.signal.SignalAcknowledged;
import ai.crosslayer.kernel.signal.SignalDeadLettered;
import ai.crosslayer.kernel.signal.SignalDeliveryFailed;
import ai.crosslayer.kernel.signal.SignalDispatched;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.kernel.signal.SignalRaised;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

/** A signal: raised once, dispatched once, dead-lettered when its delivery policy gives up, acknowledged once. Issues #7, #13. */
class SignalTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    private static final SignalId SIGNAL = SignalId.of(ACME.value(), SignalKind.CONFLICT, "skill-1");
    private static final Instant AT = Instant.parse("2026-11-01T09:00:00Z");
    private static final SignalRaised RAISED = new SignalRaised(ACME, SIGNAL, SignalKind.CONFLICT, "skill-1", "overlap",
            "C0OPS", null, AT);

    private FixtureConfiguration<Signal> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Signal.class);
        fixture.registerInjectableResource(new SignalDeliveryPolicy(3, Duration.ofSeconds(5)));
    }

    @Test
    void raisingRecordsOnceAndRaisingAgainDoesNothing() {
        fixture.givenNoPriorActivity()
                .when(new RaiseSignalCommand(ACME, SIGNAL, SignalKind.CONFLICT, "skill-1", "overlap", "C0OPS", null, AT))
                .expectEvents(RAISED);
        fixture.given(RAISED)
                .when(new RaiseSignalCommand(ACME, SIGNAL, SignalKind.CONFLICT, "skill-1", "overlap", "C0OPS", null, AT))
                .expectNoEvents();
    }

    @Test
    void aFailedTryIsFollowedByAnotherWaitingLongerEachTime() {
        fixture.given(RAISED)
                .when(new RecordSignalDeliveryCommand(ACME, SIGNAL, "C0OPS", null, 1, "HTTP 500", AT))
                .expectEvents(new SignalDeliveryFailed(ACME, SIGNAL, 1, "HTTP 500", AT.plusSeconds(5), AT))
                .expectResultMessagePayload(new SignalTryRecorded(true, AT.plusSeconds(5)));
        fixture.given(RAISED, new SignalDeliveryFailed(ACME, SIGNAL, 1, "HTTP 500", AT.plusSeconds(5), AT))
                .when(new RecordSignalDeliveryCommand(ACME, SIGNAL, "C0OPS", null, 2, "HTTP 500", AT))
                .expectEvents(new SignalDeliveryFailed(ACME, SIGNAL, 2, "HTTP 500", AT.plusSeconds(10), AT));
    }

    @Test
    void theSignalGivesUpAfterThePolicysLastTry() {
        fixture.given(RAISED)
                .when(new RecordSignalDeliveryCommand(ACME, SIGNAL, "C0OPS", null, 3, "HTTP 500", AT))
                .expectEvents(new SignalDeadLettered(ACME, SIGNAL, 3, "HTTP 500", AT))
                .expectResultMessagePayload(new SignalTryRecorded(true, null));
    }

    @Test
    void aSignalGivenUpIsNotTriedAgain() {
        fixture.given(RAISED, new SignalDeadLettered(ACME, SIGNAL, 3, "HTTP 500", AT))
                .when(new RecordSignalDeliveryCommand(ACME, SIGNAL, "C0OPS", "1.2", 4, null, AT))
                .expectNoEvents().expectResultMessagePayload(SignalTryRecorded.SETTLED_ALREADY);
    }

    @Test
    void aSignalIsDispatchedOnceAndALaterTryIsToldItIsSettled() {
        fixture.given(RAISED)
                .when(new RecordSignalDeliveryCommand(ACME, SIGNAL, "C0OPS", "1.1", 1, null, AT))
                .expectEvents(new SignalDispatched(ACME, SIGNAL, "C0OPS", "1.1", 1, AT))
                .expectResultMessagePayload(new SignalTryRecorded(true, null));
        fixture.given(RAISED, new SignalDispatched(ACME, SIGNAL, "C0OPS", "1.1", 1, AT))
                .when(new RecordSignalDeliveryCommand(ACME, SIGNAL, "C0OPS", "1.2", 1, null, AT))
                .expectNoEvents().expectResultMessagePayload(SignalTryRecorded.SETTLED_ALREADY);
    }

    @Test
    void theFirstAcknowledgementCounts() {
        fixture.given(RAISED)
                .when(new AcknowledgeSignalCommand(ACME, SIGNAL, "U0ADA", AT))
                .expectEvents(new SignalAcknowledged(ACME, SIGNAL, "U0ADA", AT)).expectResultMessagePayload(true);
        fixture.given(RAISED, new SignalAcknowledged(ACME, SIGNAL, "U0ADA", AT))
                .when(new AcknowledgeSignalCommand(ACME, SIGNAL, "U0BOB", AT))
                .expectNoEvents().expectResultMessagePayload(false);
    }
}
