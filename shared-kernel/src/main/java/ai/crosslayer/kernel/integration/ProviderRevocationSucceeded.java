package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The provider confirmed that it revoked the token of a revoked integration, after {@code attempts} calls. */
@Revision("1")
public record ProviderRevocationSucceeded(
        TenantId tenantId,
        IntegrationId integrationId,
        Provider provider,
        int attempts,
        Instant succeededAt) implements IntegrationEvent {
}
