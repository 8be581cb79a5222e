package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.Bounds;
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

    /** Refuses what a Slack channel id or message timestamp cannot be (issue 11, item 2). */
    public RecordSkillCardCommand {
        Bounds.required("channelId", channelId, Bounds.SLACK_ID);
        Bounds.required("messageTs", messageTs, Bounds.SLACK_ID);
    }
}
