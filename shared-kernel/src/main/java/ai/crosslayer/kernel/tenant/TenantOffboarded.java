package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The tenant was closed for good (issue 18, item 3): its integrations had been revoked (how many, here), and with
 * this event its sessions, sign-in keys, inbox, outboxes and every data key went, and the read models drop its
 * rows. The tenant's chain of events stays and still verifies. No personal data: who asked is the actor.
 */
@Revision("1")
public record TenantOffboarded(
        TenantId tenantId,
        int integrationsRevoked,
        Instant offboardedAt) implements TenantEvent {
}
