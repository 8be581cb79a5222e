package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Close the tenant for good (issue 18, item 3), after its integrations were revoked: in the same transaction its
 * sessions, sign-in keys, inbox, outboxes and data keys go. Refused once it is closed. Who asked is the command's
 * actor (an admin from the dashboard, or {@code operator} from the command line).
 */
public record OffboardTenantCommand(
        @TargetAggregateIdentifier TenantId tenantId,
        int integrationsRevoked,
        Instant at) implements TenantScoped {

    public OffboardTenantCommand {
        if (integrationsRevoked < 0) {
            throw new IllegalArgumentException("integrationsRevoked must not be negative");
        }
    }
}
