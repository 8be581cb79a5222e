package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Seal this GitHub account's user token and record the connection (new, or re-authorized). */
public record ConnectGitHubAccountCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier IntegrationId integrationId,
        long githubUserId,
        String login,
        SecretToken token,
        String connectedBy,
        Instant at) implements TenantScoped {

    /** Refuses what the integration catalog cannot store (issue 11, item 2). */
    public ConnectGitHubAccountCommand {
        Bounds.text("login", login, Bounds.NAME);
        Bounds.required("connectedBy", connectedBy, Bounds.NAME);
    }
}
