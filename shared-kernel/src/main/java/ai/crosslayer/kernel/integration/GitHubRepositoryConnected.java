package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.NotPersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An admin picked a repository whose files CrossLayer may read, through this GitHub integration. */
@Revision("1")
public record GitHubRepositoryConnected(
        TenantId tenantId,
        IntegrationId integrationId,
        long repositoryId,
        @NotPersonalData("a repository's owner/name, shown to the whole tenant") String fullName,
        @NotPersonalData("an opaque user id (WorkOS, or local_ + a keyed hash): it stays in the chain after erasure") String connectedBy,
        Instant connectedAt) implements IntegrationEvent {
}
