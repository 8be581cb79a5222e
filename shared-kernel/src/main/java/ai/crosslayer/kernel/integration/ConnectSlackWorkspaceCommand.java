package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Record the connection of this workspace (a new one, or a reinstall that replaces the token). The bot token itself
 * never travels on the command bus: it is sealed into the vault in the transaction that sends this command, which
 * names only its fingerprint.
 */
public record ConnectSlackWorkspaceCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier IntegrationId integrationId,
        String teamId,
        String teamName,
        String botUserId,
        List<String> scopes,
        String tokenFingerprint,
        String connectedBy,
        Instant at) implements TenantScoped {

    /** Refuses what the integration catalog cannot store (issue 11, item 2). */
    public ConnectSlackWorkspaceCommand {
        Bounds.required("teamId", teamId, Bounds.SLACK_ID);
        Bounds.text("teamName", teamName, Bounds.NAME);
        Bounds.text("botUserId", botUserId, Bounds.SLACK_ID);
        Bounds.text("scopes", scopes == null ? null : String.join(",", scopes), Bounds.LONG);
        Bounds.required("connectedBy", connectedBy, Bounds.NAME);
    }
}
