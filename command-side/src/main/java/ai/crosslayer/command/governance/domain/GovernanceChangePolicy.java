package ai.crosslayer.command.governance.domain;

import ai.crosslayer.kernel.governance.GovernanceSettings;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Who may change the tenant's policy from Slack ({@code /crosslayer policy …}): a listed approver, or a workspace
 * admin, whatever the policy's approval mode (the mode says who decides on skills, not who changes the rules). A
 * refusal is recorded with the reason given here (issue 13, item 3: the rule next to the aggregate that records it,
 * not in the slash command's parser).
 */
public final class GovernanceChangePolicy {

    /** The reason a refusal is recorded with; stored in {@code GovernanceChangeRefused}, so it never changes. */
    static final String NOT_ALLOWED = "not a workspace admin or listed approver";

    private GovernanceChangePolicy() {
    }

    /**
     * Why {@code slackUserId} may not change {@code current} from Slack; empty when they may. {@code workspaceAdmin}
     * is asked only for someone not listed (asking Slack costs a call).
     */
    public static Optional<String> refusal(GovernanceSettings current, String slackUserId, BooleanSupplier workspaceAdmin) {
        if (current.approverUserIds().contains(slackUserId) || workspaceAdmin.getAsBoolean()) {
            return Optional.empty();
        }
        return Optional.of(NOT_ALLOWED);
    }
}
