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
import java.util.Objects;
import java.util.Optional;
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
     * What was done: how many integrations were revoked, how many of those the providers confirmed revoking and
     * how many they did not (revoke those at the provider by hand: no alert is posted for a closed tenant), each as
     * recorded before the tenant closed, and the event the final checkpoint covers (or why it could not be signed).
     */
    public record Offboarded(int integrationsRevoked, int providerConfirmed, int providerFailed,
                             OptionalLong checkpointedEvent, String checkpointProblem) {
    }

    /** How the providers answered, as recorded so far. */
    private record Answers(int confirmed, int failed) {
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
        Answers answers = awaitProviderAnswers(tenant, revoked);
        commands.sendAndWait(new OffboardTenantCommand(tenant, revoked.size(), clock.instant()),
                AuditContext.of(tenant, actor, source));
        OptionalLong checkpointed;
        String problem = null;
        try {
            checkpointed = checkpoint.signHead(tenant);
        } catch (RuntimeException e) {
            log.warn("tenant {} is offboarded, but its final checkpoint could not be signed: {}", tenant, e.getMessage());
            checkpointed = OptionalLong.empty();
            problem = e.getMessage();
        }
        return new Offboarded(revoked.size(), answers.confirmed(), answers.failed(), checkpointed, problem);
    }

    private Answers awaitProviderAnswers(TenantId tenant, List<IntegrationId> revoked) {
        long deadline = System.nanoTime() + PROVIDERS_WAIT.toNanos();
        List<IntegrationId> waiting = new ArrayList<>(revoked);
        int confirmed = 0;
        int failed = 0;
        while (!waiting.isEmpty()) {
            for (var pending = waiting.iterator(); pending.hasNext(); ) {
                Optional<Boolean> answer = answer(pending.next());
                if (answer.isPresent()) {
                    pending.remove();
                    if (answer.get()) {
                        confirmed++;
                    } else {
                        failed++;
                    }
                }
            }
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
            log.warn("offboarding tenant {}: no provider answer yet for {} integration(s) after {}; a later answer "
                    + "is not recorded, since nothing is appended after the tenant closes", tenant, waiting.size(),
                    PROVIDERS_WAIT);
        }
        return new Answers(confirmed, failed);
    }

    /** The provider's answer to the integration's revocation, once in its history: whether it confirmed. */
    private Optional<Boolean> answer(IntegrationId integration) {
        return transactions.execute(status -> events.readEvents(integration.value()).asStream()
                .map(event -> event.getPayload() instanceof ProviderRevocationSucceeded ? Boolean.TRUE
                        : event.getPayload() instanceof ProviderRevocationFailed ? Boolean.FALSE : null)
                .filter(Objects::nonNull)
                .findFirst());
    }
}
