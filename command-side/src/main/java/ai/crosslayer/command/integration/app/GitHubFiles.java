package ai.crosslayer.command.integration.app;

import ai.crosslayer.command.integration.domain.IntegrationNotFound;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.provider.github.GitHubContents;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.FindIntegrationQuery;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.IntegrationView;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.integration.SecretToken;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Reading a file of a repository an admin connected, for skill work. A repository that is not connected
 * to the integration is refused before GitHub is called, whatever the token could see.
 */
@Component
public class GitHubFiles {

    /** The repository is not among those an admin connected to this integration. */
    public static class RepositoryNotConnected extends RuntimeException {
        RepositoryNotConnected(String fullName) {
            super("Repository " + fullName + " is not connected to this GitHub integration. An admin can connect "
                    + "it with PUT /api/integrations/{id}/repositories.");
        }
    }

    private final QueryGateway queries;
    private final TokenVault vault;
    private final GitHubContents github;

    GitHubFiles(QueryGateway queries, TokenVault vault, GitHubContents github) {
        this.queries = queries;
        this.vault = vault;
        this.github = github;
    }

    /** The connected GitHub integration {@code integration} of the tenant, as the read model shows it. Blocking. */
    public IntegrationView connectedGitHub(TenantId tenant, IntegrationId integration) {
        return TenantScope.call(tenant, () -> queries.query(new FindIntegrationQuery(tenant, integration),
                        ResponseTypes.optionalInstanceOf(IntegrationView.class)).join())
                .filter(view -> view.provider() == Provider.GITHUB && view.connected())
                .orElseThrow(IntegrationNotFound::new);
    }

    /** The token of a connected integration, opened for one call. Blocking. */
    public SecretToken token(TenantId tenant, IntegrationId integration) {
        return TenantScope.call(tenant, () -> vault.open(tenant, integration)).orElseThrow(IntegrationNotFound::new);
    }

    /** The text of {@code path} in connected repository {@code fullName}; empty when GitHub has no such file. Blocking. */
    public Optional<String> read(TenantId tenant, IntegrationId integration, String fullName, String path) {
        IntegrationView view = connectedGitHub(tenant, integration);
        if (view.repositories().stream().noneMatch(fullName::equalsIgnoreCase)) {
            throw new RepositoryNotConnected(fullName);
        }
        return github.readFile(token(tenant, integration), fullName, path);
    }
}
