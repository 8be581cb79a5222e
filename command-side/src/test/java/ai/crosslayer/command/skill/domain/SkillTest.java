package ai.crosslayer.command.skill.domain;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.skill.DecideSkillCommand;
import ai.crosslayer.kernel.skill.ExpireSkillSourceCommand;
import ai.crosslayer.kernel.skill.RecordExtractedSkillCommand;
import ai.crosslayer.kernel.skill.RecordSkillCardCommand;
import ai.crosslayer.kernel.skill.RefuseSkillDecisionCommand;
import ai.crosslayer.kernel.skill.SkillCardPosted;
import ai.crosslayer.kernel.skill.SkillConfirmed;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillDecision;
import ai.crosslayer.kernel.skill.SkillDecisionRefused;
import ai.crosslayer.kernel.skill.SkillExtracted;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillSource;
import ai.crosslayer.kernel.skill.SkillSourceExpired;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** The Skill aggregate: extracted once, carded once, decided once. Issue #6. */
class SkillTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    private static final TenantId OTHER = new TenantId("9a8b7c6d-0000-4000-8000-000000000002");
    private static final SkillId SKILL = SkillId.fromSlackEvent(ACME.value(), "Ev1");
    private static final Instant AT = Instant.parse("2026-11-01T09:00:00Z");
    private static final SkillContent CONTENT = new SkillContent("deploy-the-api", "Deploy the API.", null,
            List.of("Merge.", "Promote."), List.of("deploy"));
    private static final SkillSource SOURCE = new SkillSource("T1", "C1", "1.1", "1.0", "https://slack.test/p1", "ab".repeat(32));
    private static final SkillExtracted EXTRACTED = new SkillExtracted(ACME, SKILL, CONTENT, SOURCE, "claude", "skill-extraction/1", AT);

    private FixtureConfiguration<Skill> fixture;
    private SkillFollowUps followUps;

    @BeforeEach
    void setUp() {
        followUps = mock(SkillFollowUps.class);
        fixture = new AggregateTestFixture<>(Skill.class);
        fixture.registerInjectableResource(followUps);
    }

    @Test
    void aPressBySomeoneThePolicyDoesNotLetDecideIsRecordedAndDecidesNothing() {
        fixture.given(EXTRACTED)
                .when(new RefuseSkillDecisionCommand(ACME, SKILL, "U0EVE", true, "not an approver", AT))
                .expectEvents(new SkillDecisionRefused(ACME, SKILL, "U0EVE", true, "not an approver", AT));
        fixture.given(EXTRACTED, new SkillDecisionRefused(ACME, SKILL, "U0EVE", true, "not an approver", AT))
                .when(new DecideSkillCommand(ACME, SKILL, true, "U0ADA", "Ada", AT))
                .expectEvents(new SkillConfirmed(ACME, SKILL, "U0ADA", "Ada", AT));
    }

    @Test
    void aSourcePastTheRetentionExpiresOnceEvenWhenItAlreadyReadsAsErased() {
        SkillSourceExpired expired = new SkillSourceExpired(ACME, SKILL, AT.plusSeconds(86_400));
        fixture.given(EXTRACTED, new SkillConfirmed(ACME, SKILL, "U0ADA", "Ada", AT))
                .when(new ExpireSkillSourceCommand(ACME, SKILL, AT.plusSeconds(86_400)))
                .expectEvents(expired).expectResultMessagePayload(true);
        fixture.given(EXTRACTED, expired)
                .when(new ExpireSkillSourceCommand(ACME, SKILL, AT.plusSeconds(90_000)))
                .expectNoEvents().expectResultMessagePayload(false);
        // Replayed after the key was destroyed, the extraction's source reads as null.
        fixture.given(new SkillExtracted(ACME, SKILL, CONTENT, null, "claude", "skill-extraction/1", AT), expired)
                .when(new DecideSkillCommand(ACME, SKILL, true, "U0ADA", "Ada", AT))
                .expectEvents(new SkillConfirmed(ACME, SKILL, "U0ADA", "Ada", AT));
        fixture.given(EXTRACTED)
                .when(new ExpireSkillSourceCommand(OTHER, SKILL, AT))
                .expectException(SkillNotFound.class);
    }

    @Test
    void anExtractionIsRecordedOnceAndAsksForItsCard() {
        fixture.givenNoPriorActivity()
                .when(new RecordExtractedSkillCommand(ACME, SKILL, CONTENT, SOURCE, "claude", "skill-extraction/1", AT))
                .expectEvents(EXTRACTED).expectResultMessagePayload(true);
        fixture.given(EXTRACTED, new SkillCardPosted(ACME, SKILL, "C1", "2.0", AT))
                .when(new RecordExtractedSkillCommand(ACME, SKILL, CONTENT, SOURCE, "claude", "skill-extraction/1", AT))
                .expectNoEvents().expectResultMessagePayload(false);
        fixture.given(EXTRACTED)
                .when(new RecordSkillCardCommand(ACME, SKILL, "C1", "2.0", AT))
                .expectEvents(new SkillCardPosted(ACME, SKILL, "C1", "2.0", AT));
    }

    @Test
    void recordingASkillQueuesItsCardInTheSourceThreadAndDeletesItsInboxRowInTheSameCommand() {
        fixture.givenNoPriorActivity()
                .when(new RecordExtractedSkillCommand(ACME, SKILL, CONTENT, SOURCE, "claude", "skill-extraction/1", AT, "Ev1"))
                .expectEvents(EXTRACTED);
        verify(followUps).cardOwed(ACME, SKILL, "C1", "1.0", CONTENT);
        verify(followUps).inboxRowDone(ACME, "Ev1");
    }

    @Test
    void recordingTheSameSkillAgainQueuesNoSecondCardButStillDeletesTheRetriedRow() {
        fixture.given(EXTRACTED)
                .when(new RecordExtractedSkillCommand(ACME, SKILL, CONTENT, SOURCE, "claude", "skill-extraction/1", AT, "Ev1"))
                .expectNoEvents();
        verify(followUps, never()).cardOwed(any(), any(), any(), any(), any());
        verify(followUps).inboxRowDone(ACME, "Ev1");
    }

    @Test
    void recordingTheCardAgainRecordsNothingAndClearsWhatIsStillOwed() {
        fixture.given(EXTRACTED, new SkillCardPosted(ACME, SKILL, "C1", "2.0", AT))
                .when(new RecordSkillCardCommand(ACME, SKILL, "C1", "2.0", AT))
                .expectNoEvents();
        verify(followUps).cardSettled(ACME, SKILL);
    }

    @Test
    void anInvalidSkillIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RecordExtractedSkillCommand(ACME, SKILL, new SkillContent("Not A Name", "x", null, List.of("a"), null),
                        SOURCE, "claude", "skill-extraction/1", AT))
                .expectException(IllegalArgumentException.class).expectNoEvents();
    }

    @Test
    void theFirstPressDecidesAndASecondAnswersIt() {
        fixture.given(EXTRACTED)
                .when(new DecideSkillCommand(ACME, SKILL, true, "U0BOB", "Bob", AT))
                .expectEvents(new SkillConfirmed(ACME, SKILL, "U0BOB", "Bob", AT))
                .expectResultMessagePayload(new SkillDecision(true, "U0BOB", "Bob", true, CONTENT));
        fixture.given(EXTRACTED, new SkillConfirmed(ACME, SKILL, "U0BOB", "Bob", AT))
                .when(new DecideSkillCommand(ACME, SKILL, false, "U0EVE", "Eve", AT))
                .expectNoEvents()
                .expectResultMessagePayload(new SkillDecision(true, "U0BOB", "Bob", false, CONTENT));
    }

    @Test
    void anotherTenantsPressFindsNothing() {
        fixture.given(EXTRACTED)
                .when(new DecideSkillCommand(OTHER, SKILL, true, "U0EVE", "Eve", AT))
                .expectException(SkillNotFound.class).expectNoEvents();
    }
}
