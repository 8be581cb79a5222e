package ai.crosslayer.command.integration.domain;

import ai.crosslayer.command.integration.store.MasterKeyRetired;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.integration.app.ProviderRevocations;
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
import ai.crosslayer.kernel.integration.SecretToken;
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
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One connection of a tenant to a Slack workspace or a GitHub account. Its token lives in the
 * {@link TokenVault}, never in its events; the vault is written by the same command, in the same
 * transaction, as the event that names the token's fingerprint. Once revoked it stays revoked: a later
 * install is a new integration.
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
    void handle(ConnectSlackWorkspaceCommand command, TokenVault vault) {
        requireConnectable(command.tenantId(), Provider.SLACK);
        vault.store(command.tenantId(), command.integrationId(), Provider.SLACK, command.teamId(), command.token());
        apply(new SlackWorkspaceConnected(command.tenantId(), command.integrationId(), command.teamId(),
                command.teamName(), command.botUserId(), command.scopes(), command.token().fingerprint(),
                command.connectedBy(), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ConnectGitHubAccountCommand command, TokenVault vault) {
        requireConnectable(command.tenantId(), Provider.GITHUB);
        vault.store(command.tenantId(), command.integrationId(), Provider.GITHUB,
                String.valueOf(command.githubUserId()), command.token());
        apply(new GitHubAccountConnected(command.tenantId(), command.integrationId(), command.githubUserId(),
                command.login(), command.token().fingerprint(), command.connectedBy(), command.at()));
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
     * Deletes the token and records it, in one transaction; then (after commit, never holding up the
     * caller) the provider is asked to revoke it too, when the reason calls for that.
     */
    @CommandHandler
    boolean handle(RevokeIntegrationCommand command, TokenVault vault, ProviderRevocations providerRevocations) {
        requireTenant(command.tenantId());
        if (revoked) {
            return false;
        }
        Optional<SecretToken> token = Optional.empty();
        String unopenable = null;
        if (command.reason().providerMustBeTold()) {
            try {
                token = vault.open(tenantId, integrationId);
            } catch (MasterKeyRetired e) {
                unopenable = e.getMessage();
            }
        }
        vault.delete(tenantId, integrationId);
        apply(new IntegrationRevoked(tenantId, integrationId, provider, command.reason(), tokenFingerprint,
                command.revokedBy(), command.at()));
        if (token.isPresent()) {
            providerRevocations.afterCommit(tenantId, integrationId, provider, token.get());
        } else if (unopenable != null) {
            providerRevocations.afterCommitRecordFailure(tenantId, integrationId, provider, unopenable);
        }
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
