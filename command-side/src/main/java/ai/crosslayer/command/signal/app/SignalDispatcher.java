package ai.crosslayer.command.signal.app;

import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.command.provider.slack.SlackWebApi;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.skill.app.InboxSettings;
import ai.crosslayer.command.support.WorkLanes;
import ai.crosslayer.command.signal.domain.SignalTryRecorded;
import ai.crosslayer.command.signal.store.SignalOutbox;
import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.SecretToken;
import ai.crosslayer.kernel.signal.RecordSignalDeliveryCommand;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Optional;

/**
 * Posts due signals into Slack from the outbox, on any node, on the worker pool (one tenant's 429s hold its own
 * lanes, never another's): paced per channel, a 429 sent back to the outbox until its Retry-After (a wait, not a
 * failed try), each failure recorded on the signal, which decides the next try or gives it up
 * ({@code SignalDeliveryPolicy}). A signal already dispatched is never posted again, and each appears once in Slack: it carries
 * its id in the message's metadata, and a try after one that may have reached Slack (a crash, a timeout) first
 * looks for it in the channel (or thread) and records the ts found instead of posting again. Issue 19.
 */
@Component
class SignalDispatcher {

    private static final Logger log = LoggerFactory.getLogger(SignalDispatcher.class);
    /** The metadata event type of a signal's message, and the key of its signal id. */
    static final String SIGNAL_EVENT = "crosslayer_signal";
    static final String SIGNAL_KEY = "signal_id";

    private final SignalOutbox outbox;
    private final SignalSettings settings;
    private final InboxSettings workers;
    private final TokenVault vault;
    private final SlackWebApi slack;
    private final CommandGateway commands;
    private final Clock clock;
    private final WorkLanes lanes;

    SignalDispatcher(SignalOutbox outbox, SignalSettings settings, InboxSettings workers, TokenVault vault, SlackWebApi slack,
                     CommandGateway commands, WorkLanes lanes, Clock clock) {
        this.lanes = lanes;
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
        for (TenantId tenant : lanes.fairOrder(outbox.tenantsWithDue())) {
            int room = lanes.room(tenant);
            if (room == 0) {
                continue;
            }
            for (SignalOutbox.Due due : outbox.claim(tenant, room, settings.lease())) {
                if (!lanes.submit(tenant, "signal " + due.signalId(), () -> deliver(due))) {
                    outbox.release(tenant, due.signalId());
                }
            }
        }
    }

    private void deliver(SignalOutbox.Due due) {
        TenantId tenant = due.tenantId();
        String messageTs = null;
        String failure = null;
        try {
            Optional<SecretToken> token = TenantScope.call(tenant, () -> vault.slackWorkspaceOf(tenant)
                    .flatMap(integration -> vault.open(tenant, integration)));
            if (token.isEmpty()) {
                failure = "no Slack workspace is connected";
            } else {
                SlackWebApi.Marker marker = new SlackWebApi.Marker(SIGNAL_EVENT, SIGNAL_KEY, due.signalId().value());
                Optional<String> found = due.uncertain()
                        ? slack.findMarked(token.get(), due.channelId(), due.threadTs(), due.firstTriedAt(), marker)
                        : Optional.empty();
                found.ifPresent(ts -> log.info("signal {} of tenant {} was already in Slack ({}): recorded, not posted again",
                        due.signalId(), tenant, ts));
                messageTs = found.orElseGet(() -> slack.postMarked(token.get(), due.channelId(), due.threadTs(), SignalCards.fallback(due.text()),
                        SignalCards.open(due.signalId(), due.text()), marker));
            }
        } catch (RequestNotPermitted e) {
            outbox.rateLimited(tenant, due.signalId(), clock.instant().plusSeconds(1));
            return;
        } catch (SlackWebApi.SlackRateLimited e) {
            log.info("signal {} of tenant {} waits {} s for Slack's rate limit", due.signalId(), tenant,
                    e.retryAfter().toSeconds());
            outbox.rateLimited(tenant, due.signalId(), clock.instant().plus(e.retryAfter()));
            return;
        } catch (ProviderCallFailed e) {
            failure = e.getMessage();
        } catch (RuntimeException e) {
            log.error("posting signal {} of tenant {} failed unexpectedly", due.signalId(), tenant, e);
            failure = "unexpected " + e.getClass().getSimpleName();
        }
        failure = Bounds.cut(failure, Bounds.LONG); // Slack's answer, reported as well as it fits
        RecordSignalDeliveryCommand record = new RecordSignalDeliveryCommand(tenant, due.signalId(), due.channelId(), messageTs,
                due.attempts(), failure, clock.instant());
        SignalTryRecorded recorded = TenantScope.call(tenant,
                () -> commands.sendAndWait(record, AuditContext.of(tenant, AuditContext.SYSTEM, Source.SLACK)));
        if (recorded.recorded() && messageTs == null) {
            log.info("signal {} of tenant {}: try {} failed ({}){}", due.signalId(), tenant, due.attempts(), failure,
                    recorded.nextTryAt() == null ? "; dead-lettered" : "; next try at " + recorded.nextTryAt());
        }
        if (!recorded.recorded()) {
            outbox.settled(tenant, due.signalId());
        }
    }
}
