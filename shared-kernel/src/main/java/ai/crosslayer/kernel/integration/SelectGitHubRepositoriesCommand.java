package ai.crosslayer.kernel.integration;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * The repositories CrossLayer may read through this GitHub integration are exactly {@code repositories}
 * from now on (each one checked by the caller to be visible to the account).
 */
public record SelectGitHubRepositoriesCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier IntegrationId integrationId,
        List<GitHubRepository> repositories,
        String selectedBy,
        Instant at) implements TenantScoped {

    public SelectGitHubRepositoriesCommand {
        repositories = List.copyOf(repositories);
        // What the integration catalog can store (issue 11, item 2).
        for (GitHubRepository repository : repositories) {
            Bounds.required("repositories", repository.fullName(), Bounds.NAME);
        }
        Bounds.required("selectedBy", selectedBy, Bounds.NAME);
    }
}
