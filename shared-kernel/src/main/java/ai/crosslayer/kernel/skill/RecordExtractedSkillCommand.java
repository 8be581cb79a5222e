package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Record a validated skill the model extracted, and queue its confirmation card for the source's channel (in
 * the source's thread) in the same transaction. Recording the same skill id again changes nothing. When the
 * skill came from a Slack inbox row ({@code inboxEventId}), that row is deleted in the same transaction too, so
 * that a skill recorded is never extracted again. Answers whether the skill still needs its card posted.
 */
public record RecordExtractedSkillCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier SkillId skillId,
        SkillContent skill,
        SkillSource source,
        String model,
        String promptVersion,
        Instant at,
        String inboxEventId) implements TenantScoped {

    /** Refuses what the skill catalog cannot store (issue 11, item 2). */
    public RecordExtractedSkillCommand {
        skill.requireWithinBounds();
        Bounds.required("source.teamId", source.teamId(), Bounds.SLACK_ID);
        Bounds.required("source.channelId", source.channelId(), Bounds.SLACK_ID);
        Bounds.text("source.messageTs", source.messageTs(), Bounds.SLACK_ID);
        Bounds.text("source.threadTs", source.threadTs(), Bounds.SLACK_ID);
        Bounds.text("source.permalink", source.permalink(), Bounds.LONG);
        Bounds.required("source.textSha256", source.textSha256(), Bounds.SHORT);
        if (source.gitHubFile() != null) {
            Bounds.required("source.gitHubFile.repository", source.gitHubFile().repository(), Bounds.NAME);
            Bounds.required("source.gitHubFile.path", source.gitHubFile().path(), Bounds.LONG);
            Bounds.required("source.gitHubFile.sha", source.gitHubFile().sha(), Bounds.SHORT);
        }
        Bounds.required("model", model, 128);
        Bounds.required("promptVersion", promptVersion, Bounds.SHORT);
    }

    /** A skill that did not come from the inbox (a GitHub file). */
    public RecordExtractedSkillCommand(TenantId tenantId, SkillId skillId, SkillContent skill, SkillSource source,
                                       String model, String promptVersion, Instant at) {
        this(tenantId, skillId, skill, source, model, promptVersion, at, null);
    }
}
