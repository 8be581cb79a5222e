package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A customer came to exist, at the first sign-in of someone from it. It is known by its WorkOS
 * organization when it has one, else by the verified email domain of its founder; both may be
 * {@code null} for a personal tenant (a public mail domain such as gmail.com).
 */
@Revision("1")
public record TenantCreated(
        TenantId tenantId,
        String name,
        String workosOrganizationId,
        String emailDomain,
        Instant createdAt) implements TenantEvent {
}
