package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.NotPersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * An admin installed the Slack app into a workspace (or installed it again, which replaces the token:
 * a second event with a new fingerprint). {@code scopes} are those Slack granted, which may differ from
 * those asked for.
 */
@Revision("1")
public record SlackWorkspaceConnected(
        TenantId tenantId,
        IntegrationId integrationId,
        String teamId,
        @NotPersonalData("a Slack workspace's name") String teamName,
        @NotPersonalData("the bot's own Slack user id") String botUserId,
        List<String> scopes,
        String tokenFingerprint,
        @NotPersonalData("an opaque user id (WorkOS, or local_ + a keyed hash): it stays in the chain after erasure") String connectedBy,
        Instant connectedAt) implements IntegrationEvent {

    public SlackWorkspaceConnected {
        scopes = List.copyOf(scopes);
    }
}
