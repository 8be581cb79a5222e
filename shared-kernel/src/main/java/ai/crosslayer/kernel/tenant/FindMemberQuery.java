package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;

/** Who is this member of this tenant? Answers an optional {@link MemberView}. */
public record FindMemberQuery(TenantId tenantId, String userId) implements TenantScoped {
}
