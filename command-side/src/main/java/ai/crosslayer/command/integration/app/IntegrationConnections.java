package ai.crosslayer.command.integration.app;

import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.TenantScoped;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.integration.SecretToken;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Connecting an integration: the token is sealed into the vault and the connection recorded in one transaction
 * (the command's unit of work joins it), so the log never names a token the vault lacks, and a connection the
 * Integration aggregate refuses leaves no token behind. The token stays here: the command names its fingerprint
 * only, and the aggregate never touches the vault (issue 13, item 2). Blocking.
 */
@Component
public class IntegrationConnections {

    private final TokenVault vault;
    private final CommandGateway commands;
    private final TransactionTemplate transactions;

    IntegrationConnections(TokenVault vault, CommandGateway commands, TransactionTemplate transactions) {
        this.vault = vault;
        this.commands = commands;
        this.transactions = transactions;
    }

    /**
     * Seals {@code token} for {@code integration} (the provider's account {@code accountId}) and sends
     * {@code connect}, a connect command naming the token's fingerprint, as {@code actor} from the dashboard.
     * A Slack team another tenant holds fails with {@code SlackWorkspaceTaken}, recording nothing.
     */
    public void connect(TenantId tenant, IntegrationId integration, Provider provider, String accountId,
                        SecretToken token, TenantScoped connect, String actor) {
        TenantScope.run(tenant, () -> transactions.executeWithoutResult(status -> {
            vault.store(tenant, integration, provider, accountId, token);
            commands.sendAndWait(connect, AuditContext.of(tenant, actor, Source.DASHBOARD));
        }));
    }
}
