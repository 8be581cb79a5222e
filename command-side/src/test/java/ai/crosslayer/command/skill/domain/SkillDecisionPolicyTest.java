package ai.crosslayer.command.skill.domain;

import ai.crosslayer.kernel.governance.Approvers;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may decide on a skill, and the reason a refused press is recorded with. Issue 13, item 3. */
class SkillDecisionPolicyTest {

    private static GovernanceSettings approvers(Approvers who) {
        return new GovernanceSettings(List.of(), who, List.of("U0LISTED"), null, Duration.ofHours(24), false, null);
    }

    @Test
    void workspaceAdminsAndListedApproversDecideByDefaultAndOthersAreToldWhy() {
        GovernanceSettings policy = approvers(Approvers.ADMINS_AND_LISTED);
        assertThat(SkillDecisionPolicy.refusal(policy, "U0ADMIN", true)).isEmpty();
        assertThat(SkillDecisionPolicy.refusal(policy, "U0LISTED", false)).isEmpty();
        assertThat(SkillDecisionPolicy.refusal(policy, "U0EVE", false))
                .contains("only workspace admins and the listed approvers decide on skills");
    }

    @Test
    void whenOnlyTheListedDecideAnAdminIsRefusedAndWhenAnyoneDecidesNobodyIs() {
        assertThat(SkillDecisionPolicy.refusal(approvers(Approvers.LISTED), "U0ADMIN", true))
                .contains("only the listed approvers decide on skills");
        assertThat(SkillDecisionPolicy.refusal(approvers(Approvers.ANYONE), "U0EVE", false)).isEmpty();
    }
}
