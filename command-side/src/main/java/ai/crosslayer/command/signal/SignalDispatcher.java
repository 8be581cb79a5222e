package ai.crosslayer.command.signal;

import ai.crosslayer.command.AuditContext;
import ai.crosslayer.command.AuditContext.Source;
import ai.crosslayer.command.integration.ProviderCallFailed;
import ai.crosslayer.command.integration.slack.SlackWebApi;
import ai.crosslayer.command.integration.vault.TokenVault;
import ai.crosslayer.command.skill.InboxSettings;
import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.SecretToken;
import ai.crosslayer.kernel.signal.RecordSignalDeliveryCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Posts due signals into Slack from the outbox, on any node: paced per channel with Slack's Retry-After
 * honoured (the Slack client does both), each failure recorded with the next try, and a signal that fails
 * {@code maxAttempts} times dead-lettered. A signal already dispatched is never posted again.
 */
@Component
class SignalDispatcher {

    private static final Logger log = LoggerFactory.getLogger(SignalDispatcher.class);
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final SignalOutbox outbox;
    private final SignalSettings settings;
    private final InboxSettings workers;
    private final TokenVault vault;
    private final SlackWebApi slack;
    private final CommandGateway commands;
    private final Clock clock;

    SignalDispatcher(SignalOutbox outbox, SignalSettings settings, InboxSettings workers, TokenVault vault, SlackWebApi slack,
                     CommandGateway commands, Clock clock) {
        this.outbox = outbox;
        this.settings = settings;
        this.workers = workers;
        this.vault = vault;
        this.slack = slack;
        this.commands = commands;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${crosslayer.signals.poll-interval:PT1S}", initialDelayString = "PT1S")
    void dispatch() {
        if (!workers.workers()) {
            return;
        }
        for (TenantId tenant : outbox.tenantsWithDue()) {
            for (SignalOutbox.Due due : outbox.claim(tenant, 20, LEASE)) {
                deliver(due);
            }
        }
    }

    private void deliver(SignalOutbox.Due due) {
        TenantId tenant = due.tenantId();
        String messageTs = null;
        String failure = null;
        Duration wait = null;
        try {
            Optional<SecretToken> token = TenantScope.call(tenant, () -> vault.slackWorkspaceOf(tenant)
                    .flatMap(integration -> vault.open(tenant, integration)));
            if (token.isEmpty()) {
                failure = "no Slack workspace is connected";
            } else {
                messageTs = slack.post(token.get(), due.channelId(), due.threadTs(), SignalCards.fallback(due.text()),
                        SignalCards.open(due.signalId(), due.text()));
            }
        } catch (SlackWebApi.SlackRateLimited e) {
            failure = e.getMessage();
            wait = e.retryAfter();
        } catch (ProviderCallFailed e) {
            failure = e.getMessage();
        } catch (RuntimeException e) {
            log.error("posting signal {} of tenant {} failed unexpectedly", due.signalId(), tenant, e);
            failure = "unexpected " + e.getClass().getSimpleName();
        }
        Instant now = clock.instant();
        Instant retryAt = null;
        if (messageTs == null && due.attempts() < settings.maxAttempts()) {
            retryAt = now.plus(wait != null ? wait : settings.retryBackoff().multipliedBy(1L << Math.min(due.attempts() - 1, 10)));
        }
        if (messageTs == null) {
            log.info("signal {} of tenant {}: try {} failed ({}){}", due.signalId(), tenant, due.attempts(), failure,
                    retryAt == null ? "; dead-lettered" : "; next try at " + retryAt);
        }
        failure = Bounds.cut(failure, Bounds.LONG); // Slack's answer, reported as well as it fits
        RecordSignalDeliveryCommand record = new RecordSignalDeliveryCommand(tenant, due.signalId(), due.channelId(), messageTs,
                due.attempts(), failure, retryAt, now);
        TenantScope.run(tenant, () -> commands.sendAndWait(record, AuditContext.of(tenant, AuditContext.SYSTEM, Source.SLACK)));
    }
}
