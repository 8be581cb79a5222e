package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.NotPersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Someone the policy does not let decide on skills pressed Approve or Discard: nothing was decided. */
@Revision("1")
public record SkillDecisionRefused(
        TenantId tenantId,
        SkillId skillId,
        @NotPersonalData("an opaque Slack user id: it stays in the chain after erasure, the name it stood for is sealed") String slackUserId,
        boolean approve,
        String reason,
        Instant refusedAt) implements SkillEvent {
}
