package ai.crosslayer.command.skill.app;

import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.command.provider.slack.SlackWebApi;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.support.Backoff;
import ai.crosslayer.command.support.ClosedTenant;
import ai.crosslayer.command.support.WorkLanes;
import ai.crosslayer.command.skill.store.SkillCardOutbox;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.SecretToken;
import ai.crosslayer.kernel.skill.RecordSkillCardCommand;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
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
 * Posts the confirmation cards the skill card outbox owes, each exactly once in Slack, on the worker pool (a
 * tenant's 429s hold its own lanes, never another's). Every card carries its skill id in the message's metadata;
 * a card whose earlier try may have reached Slack (the process died before recording it, or Slack answered after
 * the client's timeout) is first looked for in its thread, and a card found there is recorded with the ts found
 * instead of being posted again. A 429 sends the card back to the outbox until its {@code Retry-After}. Issue 19.
 */
@Component
class SkillCardPoster {

    /** The metadata event type of a card, and the key of its skill id. */
    static final String CARD_EVENT = "crosslayer_skill_card";
    static final String CARD_KEY = "skill_id";

    private static final Logger log = LoggerFactory.getLogger(SkillCardPoster.class);

    private final SkillCardOutbox outbox;
    private final InboxSettings settings;
    private final WorkLanes lanes;
    private final TokenVault vault;
    private final SlackWebApi slack;
    private final CommandGateway commands;
    private final Clock clock;

    SkillCardPoster(SkillCardOutbox outbox, InboxSettings settings, WorkLanes lanes, TokenVault vault, SlackWebApi slack,
                    CommandGateway commands, Clock clock) {
        this.outbox = outbox;
        this.settings = settings;
        this.lanes = lanes;
        this.vault = vault;
        this.slack = slack;
        this.commands = commands;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${crosslayer.inbox.poll-interval:PT0.5S}", initialDelayString = "PT1S")
    void post() {
        if (!settings.workers()) {
            return;
        }
        for (TenantId tenant : lanes.fairOrder(outbox.tenantsWithDue())) {
            int room = lanes.room(tenant);
            if (room == 0) {
                continue;
            }
            for (SkillCardOutbox.Due due : outbox.claim(tenant, room, settings.lease())) {
                if (!lanes.submit(tenant, "card of skill " + due.skillId(), () -> deliver(due))) {
                    outbox.release(tenant, due.skillId());
                }
            }
        }
    }

    void deliver(SkillCardOutbox.Due due) {
        TenantId tenant = due.tenantId();
        if (due.queuedAt().plus(settings.maxAge()).isBefore(clock.instant())) {
            log.warn("card of skill {} of tenant {} given up after {} tries over {}; the skill stays proposed on the dashboard",
                    due.skillId(), tenant, due.attempts() - 1, settings.maxAge());
            outbox.remove(tenant, due.skillId());
            return;
        }
        Optional<SecretToken> token = TenantScope.call(tenant, () -> vault.slackWorkspaceOf(tenant)
                .flatMap(integration -> vault.open(tenant, integration)));
        if (token.isEmpty()) {
            log.info("card of skill {} of tenant {} not posted: no Slack workspace is connected", due.skillId(), tenant);
            outbox.remove(tenant, due.skillId());
            return;
        }
        SlackWebApi.Marker marker = new SlackWebApi.Marker(CARD_EVENT, CARD_KEY, due.skillId().value());
        try {
            Optional<String> found = due.uncertain()
                    ? slack.findMarked(token.get(), due.channelId(), due.threadTs(), due.queuedAt(), marker)
                    : Optional.empty();
            found.ifPresent(ts -> log.info("card of skill {} of tenant {} was already in Slack ({}): recorded, not posted again",
                    due.skillId(), tenant, ts));
            String messageTs = found.orElseGet(() -> slack.postMarked(token.get(), due.channelId(), due.threadTs(),
                    due.fallbackText(), due.blocks(), marker));
            TenantScope.run(tenant, () -> commands.sendAndWait(new RecordSkillCardCommand(tenant, due.skillId(),
                    due.channelId(), messageTs, clock.instant()), AuditContext.of(tenant, AuditContext.SYSTEM, Source.SLACK)));
        } catch (SlackWebApi.SlackRateLimited e) {
            log.info("card of skill {} of tenant {} waits {} s for Slack's rate limit", due.skillId(), tenant,
                    e.retryAfter().toSeconds());
            outbox.rateLimited(tenant, due.skillId(), clock.instant().plus(e.retryAfter()));
        } catch (RequestNotPermitted e) {
            outbox.rateLimited(tenant, due.skillId(), clock.instant().plusSeconds(1));
        } catch (ProviderCallFailed e) {
            later(due, backoff(due), e.getMessage());
        } catch (RuntimeException e) {
            if (ClosedTenant.refused(e)) {
                log.info("card of skill {} of tenant {} dropped: the tenant was offboarded", due.skillId(), tenant);
                return;
            }
            log.error("posting the card of skill {} of tenant {} failed; it will be looked for, then tried again",
                    due.skillId(), tenant, e);
            later(due, backoff(due), e.getClass().getSimpleName());
        }
    }

    private Duration backoff(SkillCardOutbox.Due due) {
        Duration wait = Backoff.after(due.attempts(), settings.retryBackoff(), 10);
        return wait.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : wait;
    }

    private void later(SkillCardOutbox.Due due, Duration wait, String reason) {
        Instant at = clock.instant().plus(wait);
        log.info("card of skill {} of tenant {}: try {} failed ({}); next try at {}", due.skillId(), due.tenantId(),
                due.attempts(), reason, at);
        outbox.retryAt(due.tenantId(), due.skillId(), at, reason);
    }
}
