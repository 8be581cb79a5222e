package ai.crosslayer.command.integration.domain;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.integration.ConnectGitHubAccountCommand;
import ai.crosslayer.kernel.integration.ConnectSlackWorkspaceCommand;
import ai.crosslayer.kernel.integration.GitHubAccountConnected;
import ai.crosslayer.kernel.integration.GitHubRepository;
import ai.crosslayer.kernel.integration.GitHubRepositoryConnected;
import ai.crosslayer.kernel.integration.GitHubRepositoryDisconnected;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.IntegrationRevoked;
import ai.crosslayer.kernel.integration.Provider;
import ai.crosslayer.kernel.integration.ProviderRevocationFailed;
import ai.crosslayer.kernel.integration.ProviderRevocationSucceeded;
import ai.crosslayer.kernel.integration.RecordProviderRevocationCommand;
import ai.crosslayer.kernel.integration.RevokeIntegrationCommand;
import ai.crosslayer.kernel.integration.SelectGitHubRepositoriesCommand;
import ai.crosslayer.kernel.integration.SlackWorkspaceConnected;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One connection of a tenant to a Slack workspace or a GitHub account. Its token lives in the vault, never in
 * its events nor in its commands: {@code IntegrationConnections} seals it in the transaction that records the
 * connection, and {@code TokenRevocation} deletes it in the transaction that records the revocation. The
 * aggregate decides and records only. Once revoked it stays revoked: a later install is a new integration.
 */
@Aggregate
class Integration {

    private static final Logger log = LoggerFactory.getLogger(Integration.class);

    @AggregateIdentifier
    private IntegrationId integrationId;
    private TenantId tenantId;
    private Provider provider;
    private String tokenFingerprint;
    private boolean revoked;
    private boolean providerOutcomeRecorded;
    private final Map<Long, String> repositories = new LinkedHashMap<>();

    Integration() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ConnectSlackWorkspaceCommand command) {
        requireConnectable(command.tenantId(), Provider.SLACK);
        apply(new SlackWorkspaceConnected(command.tenantId(), command.integrationId(), command.teamId(),
                command.teamName(), command.botUserId(), command.scopes(), command.tokenFingerprint(),
                command.connectedBy(), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ConnectGitHubAccountCommand command) {
        requireConnectable(command.tenantId(), Provider.GITHUB);
        apply(new GitHubAccountConnected(command.tenantId(), command.integrationId(), command.githubUserId(),
                command.login(), command.tokenFingerprint(), command.connectedBy(), command.at()));
    }

    @CommandHandler
    void handle(SelectGitHubRepositoriesCommand command) {
        requireTenant(command.tenantId());
        if (revoked || provider != Provider.GITHUB) {
            throw new IllegalStateException("Repositories can be picked only for a connected GitHub integration.");
        }
        Map<Long, String> wanted = new LinkedHashMap<>();
        for (GitHubRepository repository : command.repositories()) {
            wanted.put(repository.id(), repository.fullName());
        }
        // apply() runs the sourcing handlers at once, which change `repositories`: walk a copy.
        new LinkedHashMap<>(repositories).forEach((id, name) -> {
            if (!wanted.containsKey(id)) {
                apply(new GitHubRepositoryDisconnected(tenantId, integrationId, id, name, command.selectedBy(), command.at()));
            }
        });
        wanted.forEach((id, name) -> {
            if (!repositories.containsKey(id)) {
                apply(new GitHubRepositoryConnected(tenantId, integrationId, id, name, command.selectedBy(), command.at()));
            }
        });
    }

    /**
     * Records the revocation, once. Its token is deleted in the same transaction, and the provider asked after
     * commit when the reason calls for that, by {@code TokenRevocation}, which follows this event.
     */
    @CommandHandler
    boolean handle(RevokeIntegrationCommand command) {
        requireTenant(command.tenantId());
        if (revoked) {
            return false;
        }
        apply(new IntegrationRevoked(tenantId, integrationId, provider, command.reason(), tokenFingerprint,
                command.revokedBy(), command.at()));
        return true;
    }

    @CommandHandler
    void handle(RecordProviderRevocationCommand command) {
        requireTenant(command.tenantId());
        if (!revoked || providerOutcomeRecorded) {
            return;
        }
        if (command.succeeded()) {
            apply(new ProviderRevocationSucceeded(tenantId, integrationId, provider, command.attempts(), command.at()));
        } else {
            apply(new ProviderRevocationFailed(tenantId, integrationId, provider, command.attempts(),
                    command.failure(), command.at()));
        }
    }

    private void requireConnectable(TenantId caller, Provider expected) {
        if (tenantId == null) {
            return; // a new integration
        }
        requireTenant(caller);
        if (revoked || provider != expected) {
            throw new IllegalStateException("A revoked integration cannot be connected again: connect a new one.");
        }
    }

    /** Integration ids are global: a command naming another tenant's integration finds nothing. */
    private void requireTenant(TenantId caller) {
        if (!tenantId.equals(caller)) {
            log.warn("refused cross-tenant command: tenant {} named integration {} of tenant {}",
                    caller, integrationId, tenantId);
            throw new IntegrationNotFound();
        }
    }

    @EventSourcingHandler
    void on(SlackWorkspaceConnected event) {
        connected(event.tenantId(), event.integrationId(), Provider.SLACK, event.tokenFingerprint());
    }

    @EventSourcingHandler
    void on(GitHubAccountConnected event) {
        connected(event.tenantId(), event.integrationId(), Provider.GITHUB, event.tokenFingerprint());
    }

    private void connected(TenantId tenant, IntegrationId id, Provider provider, String fingerprint) {
        this.tenantId = tenant;
        this.integrationId = id;
        this.provider = provider;
        this.tokenFingerprint = fingerprint;
    }

    @EventSourcingHandler
    void on(GitHubRepositoryConnected event) {
        repositories.put(event.repositoryId(), event.fullName());
    }

    @EventSourcingHandler
    void on(GitHubRepositoryDisconnected event) {
        repositories.remove(event.repositoryId());
    }

    @EventSourcingHandler
    void on(IntegrationRevoked event) {
        revoked = true;
    }

    @EventSourcingHandler
    void on(ProviderRevocationSucceeded event) {
        providerOutcomeRecorded = true;
    }

    @EventSourcingHandler
    void on(ProviderRevocationFailed event) {
        providerOutcomeRecorded = true;
    }
}
