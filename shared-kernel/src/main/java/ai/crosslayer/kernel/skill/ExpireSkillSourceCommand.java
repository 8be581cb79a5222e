package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Record that the skill's source is past the tenant's retention (issue 18.5). Answers whether it was recorded now
 * ({@code false}: it had expired before).
 */
public record ExpireSkillSourceCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier SkillId skillId,
        Instant at) implements TenantScoped {
}
