package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An admin picked a repository whose files CrossLayer may read, through this GitHub integration. */
@Revision("1")
public record GitHubRepositoryConnected(
        TenantId tenantId,
        IntegrationId integrationId,
        long repositoryId,
        String fullName,
        String connectedBy,
        Instant connectedAt) implements IntegrationEvent {
}
