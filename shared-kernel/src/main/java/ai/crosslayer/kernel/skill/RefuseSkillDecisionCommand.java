package ai.crosslayer.kernel.skill;

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
}
