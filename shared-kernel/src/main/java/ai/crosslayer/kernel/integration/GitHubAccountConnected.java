package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.DataSubject;
import ai.crosslayer.kernel.personal.NotPersonalData;
import ai.crosslayer.kernel.personal.PersonalData;
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
        @NotPersonalData("GitHub's numeric account id, opaque") long githubUserId,
        @PersonalData(subject = DataSubject.MEMBER, subjectFrom = "connectedBy") String login,
        String tokenFingerprint,
        @NotPersonalData("an opaque user id (WorkOS, or local_ + a keyed hash): it stays in the chain after erasure") String connectedBy,
        Instant connectedAt) implements IntegrationEvent {
}
