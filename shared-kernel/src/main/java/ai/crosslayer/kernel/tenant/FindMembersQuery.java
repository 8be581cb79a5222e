package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;

/** Every current member of the tenant, in the order they joined. Answers a list of {@link MemberView}. */
public record FindMembersQuery(TenantId tenantId) implements TenantScoped {
}
