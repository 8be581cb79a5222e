package ai.crosslayer.kernel.skill;

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
}
