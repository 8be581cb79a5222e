package ai.crosslayer.command.offboarding.app;

import ai.crosslayer.command.integration.app.Revocations;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.ProviderRevocationFailed;
import ai.crosslayer.kernel.integration.ProviderRevocationSucceeded;
import ai.crosslayer.kernel.integration.RevocationReason;
import ai.crosslayer.kernel.tenant.OffboardTenantCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Offboarding a tenant (issue 18, item 3), from the dashboard or the command line. In order:
 * <ol>
 *   <li>every integration that still has a token is revoked with reason {@code TENANT_OFFBOARDED}, through the
 *       same path as a disconnect: the token is deleted with the revocation, the provider is asked after commit;</li>
 *   <li>it waits (at most {@link #PROVIDERS_WAIT}) for the providers' answers to be recorded, so that they come
 *       before the tenant closes and are covered by the final checkpoint;</li>
 *   <li>{@code TenantOffboarded} is recorded; in its transaction the write side's rows of the tenant and every
 *       data key go ({@link OffboardedTenantRows}), and each projection drops the tenant's rows when it reaches it;</li>
 *   <li>a checkpoint of the chain head is signed ({@link FinalCheckpoint}).</li>
 * </ol>
 * All of it in the tenant's scope. Blocking: call it off the event loop.
 */
@Component
public class TenantOffboarding {

    private static final Logger log = LoggerFactory.getLogger(TenantOffboarding.class);
    /** How long the providers' answers are awaited: their retries with backoff fit well inside it. */
    static final Duration PROVIDERS_WAIT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 50;

    /**
     * What was done: how many integrations were revoked, how many providers' answers were recorded before the
     * tenant closed, and the event the final checkpoint covers (or why it could not be signed).
     */
    public record Offboarded(int integrationsRevoked, int providerAnswers, OptionalLong checkpointedEvent,
                             String checkpointProblem) {
    }

    /** No such tenant: nothing was done. */
    public static class UnknownTenant extends RuntimeException {
        public UnknownTenant(TenantId tenant) {
            super("There is no tenant " + tenant.value() + ".");
        }
    }

    private final TokenVault vault;
    private final Revocations revocations;
    private final CommandGateway commands;
    private final EventStore events;
    private final TransactionTemplate transactions;
    private final FinalCheckpoint checkpoint;
    private final Clock clock;

    TenantOffboarding(TokenVault vault, Revocations revocations, CommandGateway commands,
                      EventStore events, TransactionTemplate transactions, FinalCheckpoint checkpoint, Clock clock) {
        this.vault = vault;
        this.revocations = revocations;
        this.commands = commands;
        this.events = events;
        this.transactions = transactions;
        this.checkpoint = checkpoint;
        this.clock = clock;
    }

    /**
     * Offboards {@code tenant} as {@code actor} (a user id, or {@link AuditContext#SYSTEM} for the operator).
     *
     * @throws UnknownTenant when the tenant does not exist
     * @throws ai.crosslayer.command.tenant.domain.TenantClosed when it was offboarded already
     */
    public Offboarded offboard(TenantId tenant, String actor, Source source) {
        return TenantScope.call(tenant, () -> offboardInScope(tenant, actor, source));
    }

    private Offboarded offboardInScope(TenantId tenant, String actor, Source source) {
        // The Tenant aggregate's stream is the tenant's: it exists exactly when that stream does.
        if (transactions.execute(status -> events.lastSequenceNumberFor(tenant.value()).isEmpty())) {
            throw new UnknownTenant(tenant);
        }
        List<IntegrationId> revoked = new ArrayList<>();
        for (IntegrationId integration : vault.integrationsOf(tenant)) {
            if (revocations.revoke(tenant, integration, RevocationReason.TENANT_OFFBOARDED, actor, source)) {
                revoked.add(integration);
            }
        }
        int answers = awaitProviderAnswers(tenant, revoked);
        commands.sendAndWait(new OffboardTenantCommand(tenant, revoked.size(), clock.instant()),
                AuditContext.of(tenant, actor, source));
        try {
            return new Offboarded(revoked.size(), answers, checkpoint.signHead(tenant), null);
        } catch (RuntimeException e) {
            log.warn("tenant {} is offboarded, but its final checkpoint could not be signed: {}", tenant, e.getMessage());
            return new Offboarded(revoked.size(), answers, OptionalLong.empty(), e.getMessage());
        }
    }

    private int awaitProviderAnswers(TenantId tenant, List<IntegrationId> revoked) {
        long deadline = System.nanoTime() + PROVIDERS_WAIT.toNanos();
        List<IntegrationId> waiting = new ArrayList<>(revoked);
        while (!waiting.isEmpty()) {
            waiting.removeIf(integration -> answered(tenant, integration));
            if (waiting.isEmpty() || System.nanoTime() - deadline > 0) {
                break;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!waiting.isEmpty()) {
            log.warn("offboarding tenant {}: no provider answer yet for {} integration(s) after {}; it will be "
                    + "recorded after the tenant closed", tenant, waiting.size(), PROVIDERS_WAIT);
        }
        return revoked.size() - waiting.size();
    }

    /** Whether the provider's answer to the integration's revocation is in its history. */
    private boolean answered(TenantId tenant, IntegrationId integration) {
        return transactions.execute(status -> events.readEvents(integration.value())
                .asStream().anyMatch(event -> event.getPayload() instanceof ProviderRevocationSucceeded
                        || event.getPayload() instanceof ProviderRevocationFailed));
    }
}
