package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The provider could not be made to revoke the token after {@code attempts} calls. The token is already
 * gone from CrossLayer; the admin may want to revoke it at the provider by hand ({@code reason} says why
 * the calls failed, never with the token in it).
 */
@Revision("1")
public record ProviderRevocationFailed(
        TenantId tenantId,
        IntegrationId integrationId,
        Provider provider,
        int attempts,
        String reason,
        Instant failedAt) implements IntegrationEvent {
}
