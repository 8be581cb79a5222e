package ai.crosslayer.command.governance.domain;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.governance.Approvers;
import ai.crosslayer.kernel.governance.ChangeGovernanceCommand;
import ai.crosslayer.kernel.governance.GovernanceChangeRefused;
import ai.crosslayer.kernel.governance.GovernanceSettingChanged;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.governance.RecordGovernanceRefusalCommand;
import ai.crosslayer.kernel.governance.StalePolicyRevision;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy: each changed setting an event with its old and new value; a stale revision changes nothing. Issue #7. */
class GovernancePolicyTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    private static final Instant AT = Instant.parse("2026-11-01T09:00:00Z");

    private FixtureConfiguration<GovernancePolicy> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(GovernancePolicy.class);
    }

    @Test
    void aRefusedChangeIsRecordedAndChangesNothing() {
        fixture.givenNoPriorActivity()
                .when(new RecordGovernanceRefusalCommand(ACME, "U0EVE", "policy approvers anyone", "not an approver", AT))
                .expectEvents(new GovernanceChangeRefused(ACME, "U0EVE", "policy approvers anyone", "not an approver", AT));
    }

    @Test
    void onlyTheSettingsThatChangedAreRecordedWithOldAndNewValues() {
        GovernanceSettings wanted = new GovernanceSettings(List.of("C0OPS"), Approvers.ADMINS_AND_LISTED, List.of(), null,
                Duration.ofHours(12), false, null);
        fixture.givenNoPriorActivity()
                .when(new ChangeGovernanceCommand(ACME, wanted, 0, "user_ada", AT))
                .expectEvents(new GovernanceSettingChanged(ACME, "passiveCaptureChannels", "", "C0OPS", 1, "user_ada", AT),
                        new GovernanceSettingChanged(ACME, "inboxMaxAge", "PT24H", "PT12H", 1, "user_ada", AT))
                .expectResultMessagePayload(1);
    }

    @Test
    void aStaleRevisionIsRefused() {
        fixture.given(new GovernanceSettingChanged(ACME, "approvers", "ADMINS_AND_LISTED", "ANYONE", 1, "user_ada", AT))
                .when(new ChangeGovernanceCommand(ACME, GovernanceSettings.DEFAULTS, 0, "user_bob", AT))
                .expectException(StalePolicyRevision.class)
                .expectNoEvents();
    }

    @Test
    void whoMayApproveFollowsTheSetting() {
        GovernanceSettings listed = new GovernanceSettings(null, Approvers.LISTED, List.of("U0APPROVER"), null, null, false, null);
        assertThat(listed.mayApprove("U0APPROVER", false)).isTrue();
        assertThat(listed.mayApprove("U0ADMIN", true)).as("listed only: an admin is not enough").isFalse();
        assertThat(GovernanceSettings.DEFAULTS.mayApprove("U0ADMIN", true)).isTrue();
        assertThat(GovernanceSettings.DEFAULTS.mayApprove("U0MEMBER", false)).isFalse();
        assertThat(GovernanceSettings.fromText(listed.asText())).isEqualTo(listed);
    }

    @Test
    void theDefaultsAtRevisionZeroOfAPolicyNeverChangedRecordNothing() {
        fixture.givenNoPriorActivity()
                .when(new ChangeGovernanceCommand(ACME, GovernanceSettings.DEFAULTS, 0, "user_ada", AT))
                .expectNoEvents()
                .expectResultMessagePayload(0);
    }

    /** Issue 11: 125 approver ids of 32 characters reached the read model, which could not store them. */
    @Test
    void aCommandWhoseListsTheReadModelCannotStoreCannotBeBuilt() {
        List<String> poison = IntStream.range(0, 125).mapToObj(i -> "U%031d".formatted(i)).toList();
        GovernanceSettings tooMany = new GovernanceSettings(null, Approvers.LISTED, poison, null, null, false, null);
        assertThatThrownBy(() -> new ChangeGovernanceCommand(ACME, tooMany, 0, "user_ada", AT))
                .isInstanceOf(Bounds.Exceeded.class).hasMessageContaining("'approverUserIds' holds at most 100 entries");
        GovernanceSettings tooLong = new GovernanceSettings(List.of("C" + "0".repeat(32)), null, null, null, null, false, null);
        assertThatThrownBy(() -> new ChangeGovernanceCommand(ACME, tooLong, 0, "user_ada", AT))
                .isInstanceOf(Bounds.Exceeded.class).hasMessageContaining("'passiveCaptureChannels' is longer than 32");
        GovernanceSettings largest = new GovernanceSettings(poison.subList(0, 100), Approvers.LISTED, poison.subList(0, 100),
                "C" + "0".repeat(31), null, false, 3650);
        new ChangeGovernanceCommand(ACME, largest, 0, "user_ada", AT);
        assertThat(largest.asText().values()).allSatisfy(text -> assertThat(text.length())
                .as("fits governance_policy_setting.value").isLessThanOrEqualTo(4096));
    }
}
