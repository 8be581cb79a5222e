package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Someone in the channel approved the proposed skill: it is now team know-how. */
@Revision("1")
public record SkillConfirmed(
        TenantId tenantId,
        SkillId skillId,
        String slackUserId,
        String displayName,
        Instant confirmedAt) implements SkillEvent {
}
