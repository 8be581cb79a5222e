package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;

/** One skill of the tenant. Answers an optional {@link SkillView}. */
public record FindSkillQuery(TenantId tenantId, SkillId skillId) implements TenantScoped {
}
