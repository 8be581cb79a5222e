package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.NotPersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An admin took a repository off the list CrossLayer may read. */
@Revision("1")
public record GitHubRepositoryDisconnected(
        TenantId tenantId,
        IntegrationId integrationId,
        long repositoryId,
        @NotPersonalData("a repository's owner/name, shown to the whole tenant") String fullName,
        @NotPersonalData("an opaque user id (WorkOS, or local_ + a keyed hash): it stays in the chain after erasure") String disconnectedBy,
        Instant disconnectedAt) implements IntegrationEvent {
}
