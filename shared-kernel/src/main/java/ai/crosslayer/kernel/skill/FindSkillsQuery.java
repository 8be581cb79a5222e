package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;

/**
 * The tenant's skills, newest first, optionally only those in {@code status} and matching every one of {@code words} (in name, description,
 * tags). Answers a list of {@link SkillView}.
 */
public record FindSkillsQuery(TenantId tenantId, SkillStatus status, String words, int limit) implements TenantScoped {
}
