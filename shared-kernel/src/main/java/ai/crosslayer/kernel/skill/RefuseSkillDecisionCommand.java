package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Record a press of Approve or Discard by someone the policy does not let decide. */
public record RefuseSkillDecisionCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier SkillId skillId,
        String slackUserId,
        boolean approve,
        String reason,
        Instant at) implements TenantScoped {

    /** Refuses what a Slack id cannot be (issue 11, item 2). */
    public RefuseSkillDecisionCommand {
        Bounds.required("slackUserId", slackUserId, Bounds.SHORT);
        Bounds.text("reason", reason, Bounds.LONG);
    }
}
