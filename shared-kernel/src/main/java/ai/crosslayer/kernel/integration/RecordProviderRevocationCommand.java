package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Record what the provider answered when asked to revoke a revoked integration's token. */
public record RecordProviderRevocationCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier IntegrationId integrationId,
        boolean succeeded,
        int attempts,
        String failure,
        Instant at) implements TenantScoped {
}
