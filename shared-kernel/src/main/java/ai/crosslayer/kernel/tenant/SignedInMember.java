package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;

import java.security.Principal;
import java.util.Objects;

/**
 * The caller of a request, as proved by a valid session: the only source of a request's tenant. Never built from a
 * request's body, path or query. {@code role} is the member's role as the command side holds it when the request
 * came in (read with the session, in the same lookup): the one every permission check asks, never the tenant
 * directory's, which trails the events.
 */
public record SignedInMember(TenantId tenantId, String userId, MemberRole role) implements Principal {

    public SignedInMember {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
    }

    @Override
    public String getName() {
        return userId;
    }
}
