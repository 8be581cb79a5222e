package ai.crosslayer.kernel.integration;

import java.time.Instant;
import java.util.List;

/**
 * An integration as the dashboard shows it. {@code status} is {@code connected} or {@code revoked};
 * {@code providerRevocation} is {@code null} while connected, then {@code pending}, {@code succeeded},
 * {@code failed}, or {@code not-needed} (the provider revoked it first).
 */
public record IntegrationView(
        IntegrationId id,
        Provider provider,
        String accountId,
        String accountName,
        List<String> scopes,
        String tokenFingerprint,
        String status,
        String connectedBy,
        Instant connectedAt,
        RevocationReason revocationReason,
        String revokedBy,
        Instant revokedAt,
        String providerRevocation,
        String providerRevocationFailure,
        List<String> repositories) {

    public boolean connected() {
        return "connected".equals(status);
    }
}
