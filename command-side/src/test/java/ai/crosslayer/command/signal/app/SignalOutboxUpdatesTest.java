package ai.crosslayer.command.signal.app;

import ai.crosslayer.command.signal.store.SignalOutbox;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.signal.SignalDeadLettered;
import ai.crosslayer.kernel.signal.SignalDeliveryFailed;
import ai.crosslayer.kernel.signal.SignalDispatched;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.kernel.signal.SignalRaised;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** The outbox follows the Signal aggregate's events (issue 13, item 2): what is owed, when, and when no more. */
class SignalOutboxUpdatesTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    private static final SignalId SIGNAL = SignalId.of(ACME.value(), SignalKind.CONFLICT, "skill-1");
    private static final Instant AT = Instant.parse("2026-11-01T09:00:00Z");

    private final SignalOutbox outbox = mock(SignalOutbox.class);
    private final SignalOutboxUpdates updates = new SignalOutboxUpdates(outbox);

    @Test
    void aSignalRaisedIntoAChannelIsAPostOwedAndOneWithoutAChannelIsNot() {
        updates.on(new SignalRaised(ACME, SIGNAL, SignalKind.CONFLICT, "skill-1", "overlap", "C0OPS", "1.0", AT));
        verify(outbox).queue(ACME, SIGNAL, "C0OPS", "1.0", "overlap");

        SignalOutbox quiet = mock(SignalOutbox.class);
        new SignalOutboxUpdates(quiet).on(new SignalRaised(ACME, SIGNAL, SignalKind.SKILL_DRIFT, "skill-1", "drift", null, null, AT));
        verifyNoInteractions(quiet);
    }

    @Test
    void aFailedTryIsDueAgainAtItsRetryTime() {
        updates.on(new SignalDeliveryFailed(ACME, SIGNAL, 1, "HTTP 500", AT.plusSeconds(5), AT));
        verify(outbox).retryAt(ACME, SIGNAL, AT.plusSeconds(5));
        verify(outbox, never()).remove(any(), any());
    }

    @Test
    void aPostRecordedOrGivenUpIsOwedNoMore() {
        updates.on(new SignalDispatched(ACME, SIGNAL, "C0OPS", "1.1", 1, AT));
        updates.on(new SignalDeadLettered(ACME, SIGNAL, 5, "HTTP 500", AT));
        verify(outbox, times(2)).remove(ACME, SIGNAL);
    }
}
