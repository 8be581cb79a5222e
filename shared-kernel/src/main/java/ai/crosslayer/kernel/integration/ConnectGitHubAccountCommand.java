package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Record the connection of this GitHub account (new, or re-authorized). The user token never travels on the command
 * bus: it is sealed into the vault in the transaction that sends this command, which names only its fingerprint.
 */
public record ConnectGitHubAccountCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier IntegrationId integrationId,
        long githubUserId,
        String login,
        String tokenFingerprint,
        String connectedBy,
        Instant at) implements TenantScoped {

    /** Refuses what the integration catalog cannot store (issue 11, item 2). */
    public ConnectGitHubAccountCommand {
        Bounds.text("login", login, Bounds.NAME);
        Bounds.required("connectedBy", connectedBy, Bounds.NAME);
    }
}
