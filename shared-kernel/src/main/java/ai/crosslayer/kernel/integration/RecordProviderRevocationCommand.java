package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.Bounds;
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

    /** Refuses what the integration catalog cannot store (issue 11, item 2): callers cut long answers first. */
    public RecordProviderRevocationCommand {
        Bounds.text("failure", failure, Bounds.LONG);
    }
}
