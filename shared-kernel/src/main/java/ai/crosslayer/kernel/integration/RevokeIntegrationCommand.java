package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Delete the integration's token now and record why. Answers {@code true} when this command revoked it,
 * {@code false} when it was already revoked (revoking twice is not an error: the token is gone either way).
 */
public record RevokeIntegrationCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier IntegrationId integrationId,
        RevocationReason reason,
        String revokedBy,
        Instant at) implements TenantScoped {

    /** Refuses what the integration catalog cannot store (issue 11, item 2). */
    public RevokeIntegrationCommand {
        Bounds.required("revokedBy", revokedBy, Bounds.NAME);
    }
}
