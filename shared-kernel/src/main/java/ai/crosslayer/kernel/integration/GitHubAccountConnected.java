package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * An admin authorized CrossLayer's GitHub app for their GitHub account (again, for a second event with
 * a new fingerprint). No repository is connected by this alone: the admin picks them next.
 */
@Revision("1")
public record GitHubAccountConnected(
        TenantId tenantId,
        IntegrationId integrationId,
        long githubUserId,
        String login,
        String tokenFingerprint,
        String connectedBy,
        Instant connectedAt) implements IntegrationEvent {
}
