package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.NotPersonalData;
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
        @NotPersonalData("the organization's name, not a person's") String name,
        String workosOrganizationId,
        @NotPersonalData("a company's mail domain, not a mailbox") String emailDomain,
        Instant createdAt) implements TenantEvent {
}
