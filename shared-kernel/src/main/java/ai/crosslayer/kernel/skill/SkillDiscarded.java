package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Someone in the channel discarded the proposed skill. */
@Revision("1")
public record SkillDiscarded(
        TenantId tenantId,
        SkillId skillId,
        String slackUserId,
        String displayName,
        Instant discardedAt) implements SkillEvent {
}
