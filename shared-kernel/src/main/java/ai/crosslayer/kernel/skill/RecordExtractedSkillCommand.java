package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Record a validated skill the model extracted. Recording the same skill id again changes nothing. Answers
 * whether the skill still needs its confirmation card posted.
 */
public record RecordExtractedSkillCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier SkillId skillId,
        SkillContent skill,
        SkillSource source,
        String model,
        String promptVersion,
        Instant at) implements TenantScoped {

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
}
