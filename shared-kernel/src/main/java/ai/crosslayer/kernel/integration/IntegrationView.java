package ai.crosslayer.kernel.integration;

import java.time.Instant;
import java.util.List;

/**
 * An integration as the dashboard shows it. {@code providerRevocation} is {@code null} while connected.
 */
public record IntegrationView(
        IntegrationId id,
        Provider provider,
        String accountId,
        String accountName,
        List<String> scopes,
        String tokenFingerprint,
        IntegrationStatus status,
        String connectedBy,
        Instant connectedAt,
        RevocationReason revocationReason,
        String revokedBy,
        Instant revokedAt,
        ProviderRevocationState providerRevocation,
        String providerRevocationFailure,
        List<String> repositories) {

    public boolean connected() {
        return status == IntegrationStatus.CONNECTED;
    }
}
