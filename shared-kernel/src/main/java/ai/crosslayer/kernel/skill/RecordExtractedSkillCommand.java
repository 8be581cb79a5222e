package ai.crosslayer.kernel.skill;

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

    /** A skill that did not come from the inbox (a GitHub file). */
    public RecordExtractedSkillCommand(TenantId tenantId, SkillId skillId, SkillContent skill, SkillSource source,
                                       String model, String promptVersion, Instant at) {
        this(tenantId, skillId, skill, source, model, promptVersion, at, null);
    }
}
