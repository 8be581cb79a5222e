package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Record that the skill's card was posted as message {@code messageTs} of {@code channelId}. */
public record RecordSkillCardCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier SkillId skillId,
        String channelId,
        String messageTs,
        Instant at) implements TenantScoped {
}
