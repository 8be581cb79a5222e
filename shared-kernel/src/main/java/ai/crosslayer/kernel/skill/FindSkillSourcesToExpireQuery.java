package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;

import java.time.Instant;

/**
 * The tenant's skills extracted before {@code extractedBefore} whose source is not erased yet, oldest first, at most
 * {@code limit} (issue 18.5). Answers a list of {@link SkillId}.
 */
public record FindSkillSourcesToExpireQuery(TenantId tenantId, Instant extractedBefore, int limit) implements TenantScoped {
}
