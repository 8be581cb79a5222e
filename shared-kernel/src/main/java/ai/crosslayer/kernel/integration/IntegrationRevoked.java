package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.NotPersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The integration's sealed token was deleted, in the same transaction that appended this event. Whether
 * the provider was then told follows as {@link ProviderRevocationSucceeded} or {@link ProviderRevocationFailed}
 * when {@code reason} requires it.
 */
@Revision("1")
public record IntegrationRevoked(
        TenantId tenantId,
        IntegrationId integrationId,
        Provider provider,
        RevocationReason reason,
        String tokenFingerprint,
        @NotPersonalData("an opaque user id, or system") String revokedBy,
        Instant revokedAt) implements IntegrationEvent {
}
