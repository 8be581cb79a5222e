package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An admin took a repository off the list CrossLayer may read. */
@Revision("1")
public record GitHubRepositoryDisconnected(
        TenantId tenantId,
        IntegrationId integrationId,
        long repositoryId,
        String fullName,
        String disconnectedBy,
        Instant disconnectedAt) implements IntegrationEvent {
}
