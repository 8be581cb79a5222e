package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Create a tenant whose founder is signing in right now; the founder becomes its first admin. */
public record CreateTenantCommand(
        @TargetAggregateIdentifier TenantId tenantId,
        String name,
        String workosOrganizationId,
        String emailDomain,
        VerifiedIdentity founder,
        Instant at) implements TenantScoped {
}
