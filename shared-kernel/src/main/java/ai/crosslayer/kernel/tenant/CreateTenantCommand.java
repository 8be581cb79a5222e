package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.Bounds;
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

    /** Refuses what the tenant directory cannot store (issue 11, item 2). */
    public CreateTenantCommand {
        Bounds.required("name", name, Bounds.NAME);
        Bounds.text("workosOrganizationId", workosOrganizationId, Bounds.NAME);
        Bounds.text("emailDomain", emailDomain, Bounds.NAME);
    }
}
