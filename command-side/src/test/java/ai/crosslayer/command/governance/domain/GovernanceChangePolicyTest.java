package ai.crosslayer.command.governance.domain;

import ai.crosslayer.kernel.governance.Approvers;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Who may change the policy from Slack, and the reason a refusal is recorded with. Issue 13, item 3. */
class GovernanceChangePolicyTest {

    private static final GovernanceSettings LISTED_ONLY =
            new GovernanceSettings(List.of(), Approvers.LISTED, List.of("U0LISTED"), null, Duration.ofHours(24), false, null);

    @Test
    void aListedApproverMayChangeItWithoutSlackBeingAsked() {
        assertThat(GovernanceChangePolicy.refusal(LISTED_ONLY, "U0LISTED", () -> fail("Slack was asked"))).isEmpty();
    }

    @Test
    void aWorkspaceAdminMayChangeItWhateverTheApprovalMode() {
        assertThat(GovernanceChangePolicy.refusal(LISTED_ONLY, "U0ADMIN", () -> true)).isEmpty();
    }

    @Test
    void anyoneElseIsRefusedWithTheReasonTheRefusalHasAlwaysBeenRecordedWith() {
        assertThat(GovernanceChangePolicy.refusal(LISTED_ONLY, "U0EVE", () -> false))
                .contains("not a workspace admin or listed approver");
    }
}
