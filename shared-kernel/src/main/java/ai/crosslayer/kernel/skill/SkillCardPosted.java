package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The bot posted the skill's confirmation card (Approve / Discard) in the channel, as message {@code messageTs}. */
@Revision("1")
public record SkillCardPosted(
        TenantId tenantId,
        SkillId skillId,
        String channelId,
        String messageTs,
        Instant postedAt) implements SkillEvent {
}
