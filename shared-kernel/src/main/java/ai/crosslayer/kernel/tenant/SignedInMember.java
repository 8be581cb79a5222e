package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;

import java.security.Principal;

/**
 * The caller of a request, as proved by a valid session: the only source of a request's tenant.
 * Never built from a request's body, path or query.
 */
public record SignedInMember(TenantId tenantId, String userId) implements Principal {

    @Override
    public String getName() {
        return userId;
    }
}
