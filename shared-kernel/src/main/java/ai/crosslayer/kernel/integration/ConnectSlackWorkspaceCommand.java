package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Seal this workspace's bot token and record the connection (a new one, or a reinstall that replaces the token). */
public record ConnectSlackWorkspaceCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier IntegrationId integrationId,
        String teamId,
        String teamName,
        String botUserId,
        List<String> scopes,
        SecretToken token,
        String connectedBy,
        Instant at) implements TenantScoped {
}
