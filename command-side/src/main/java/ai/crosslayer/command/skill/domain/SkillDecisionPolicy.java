package ai.crosslayer.command.skill.domain;

import ai.crosslayer.kernel.governance.GovernanceSettings;

import java.util.Optional;

/**
 * Who may decide on a skill (approve or discard it): whom the tenant's policy names, given whether Slack calls the
 * person a workspace admin. Asked before a decision is sent to the Skill aggregate; a refusal is recorded with the
 * reason given here (issue 13, item 3: the rule next to the aggregate, not in the route).
 */
public final class SkillDecisionPolicy {

    private SkillDecisionPolicy() {
    }

    /** Why {@code slackUserId} may not decide on skills under {@code policy}; empty when they may. */
    public static Optional<String> refusal(GovernanceSettings policy, String slackUserId, boolean workspaceAdmin) {
        if (policy.mayApprove(slackUserId, workspaceAdmin)) {
            return Optional.empty();
        }
        return Optional.of(switch (policy.approvers()) {
            case LISTED -> "only the listed approvers decide on skills";
            default -> "only workspace admins and the listed approvers decide on skills";
        });
    }
}
