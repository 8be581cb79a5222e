package ai.crosslayer.command.skill;

import ai.crosslayer.command.AuditContext.Source;
import ai.crosslayer.command.AuditContext;
import ai.crosslayer.command.governance.Governance;
import ai.crosslayer.command.integration.ProviderCallFailed;
import ai.crosslayer.command.integration.slack.SlackWebApi;
import ai.crosslayer.command.integration.vault.TokenVault;
import ai.crosslayer.kernel.Sha256;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.SecretToken;
import ai.crosslayer.kernel.skill.RecordExtractedSkillCommand;
import ai.crosslayer.kernel.skill.RecordSkillCardCommand;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Works off the Slack inbox after the ack: claims due rows (any node may), reads what the bot was asked to
 * read, asks the model, records a valid skill, and deletes the row. When Anthropic or Slack cannot be
 * reached the row waits and is tried again later — nothing is lost while they are down, up to the inbox's
 * maximum age, after which rows are deleted unread.
 */
@Component
class InboxWorker {

    private static final Logger log = LoggerFactory.getLogger(InboxWorker.class);
    /** Words in a mention that ask the bot to capture its thread. */
    /** Expired rows are looked for this often (work is looked for every poll). */
    private static final Duration PURGE_EVERY = Duration.ofSeconds(5);
    private static final List<String> CAPTURE = List.of("capture", "save", "remember");

    private final SlackInbox inbox;
    private final InboxSettings settings;
    private final TokenVault vault;
    private final SlackWebApi slack;
    private final SkillExtractor extractor;
    private final CommandGateway commands;
    private final Clock clock;
    private final Governance governance;
    private Instant nextPurge = Instant.MIN;

    InboxWorker(SlackInbox inbox, InboxSettings settings, TokenVault vault, SlackWebApi slack, SkillExtractor extractor,
                CommandGateway commands, Governance governance, Clock clock) {
        this.governance = governance;
        this.inbox = inbox;
        this.settings = settings;
        this.vault = vault;
        this.slack = slack;
        this.extractor = extractor;
        this.commands = commands;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${crosslayer.inbox.poll-interval:PT0.5S}", initialDelayString = "PT1S")
    void work() {
        if (!settings.workers()) {
            return;
        }
        if (clock.instant().isAfter(nextPurge)) {
            nextPurge = clock.instant().plus(PURGE_EVERY);
            purge();
        }
        for (TenantId tenant : inbox.tenantsWithWork()) {
            for (SlackInbox.Claimed claimed : inbox.claim(tenant, settings.batch(), settings.lease())) {
                process(claimed);
            }
        }
    }

    /**
     * Deletes rows older than their tenant's maximum age (the policy's, never more than the service's). Tenants
     * are found by rows older than the shortest age a policy may set, so a shortened age takes effect too.
     */
    private void purge() {
        for (TenantId tenant : inbox.tenantsWithExpired(Duration.ofMinutes(1))) {
            Duration maxAge = governance.of(tenant).inboxMaxAge();
            if (maxAge.compareTo(settings.maxAge()) > 0) {
                maxAge = settings.maxAge();
            }
            int expired = inbox.purge(tenant, maxAge);
            if (expired > 0) {
                log.warn("deleted {} inbox row(s) of tenant {} older than {} without working them", expired, tenant, maxAge);
            }
        }
    }

    void process(SlackInbox.Claimed claimed) {
        TenantId tenant = claimed.tenantId();
        SlackInbox.Entry entry = claimed.entry();
        try {
            work(tenant, entry);
            inbox.done(tenant, entry.eventId());
        } catch (SkillExtractor.ExtractionUnavailable e) {
            later(claimed, e.retryAfter(), e.getMessage());
        } catch (ProviderCallFailed e) {
            later(claimed, Optional.empty(), e.getMessage());
        } catch (SkillExtractor.InvalidModelOutput e) {
            log.warn("no skill from Slack event {} of tenant {}: {}", entry.eventId(), tenant, e.getMessage());
            inbox.done(tenant, entry.eventId());
        } catch (RuntimeException e) {
            log.error("working Slack event {} of tenant {} failed; it will be tried again", entry.eventId(), tenant, e);
            later(claimed, Optional.empty(), e.getClass().getSimpleName());
        }
    }

    private void work(TenantId tenant, SlackInbox.Entry entry) {
        if (SlackMessageIntake.isDirect("", entry.channelId())) {
            // Accepted before DMs were also known by their channel id (issue 12, item 8): deleted unread.
            log.info("Slack event {} of tenant {} is from a direct message; dropped unread", entry.eventId(), tenant);
            return;
        }
        var holder = vault.holderOfSlackTeam(entry.teamId()).filter(h -> h.tenantId().equals(tenant));
        if (holder.isEmpty()) {
            log.info("Slack event {} of tenant {}: the workspace is no longer connected; dropped", entry.eventId(), tenant);
            return;
        }
        Optional<SecretToken> token = TenantScope.call(tenant, () -> vault.open(tenant, holder.get().integrationId()));
        if (token.isEmpty()) {
            return;
        }
        String threadRoot = entry.threadTs() != null ? entry.threadTs() : entry.messageTs();
        String conversation;
        if ("app_mention".equals(entry.kind())) {
            String asked = entry.text().toLowerCase(Locale.ROOT);
            if (CAPTURE.stream().noneMatch(asked::contains)) {
                return;
            }
            conversation = slack.thread(token.get(), entry.channelId(), threadRoot).stream()
                    .filter(message -> !message.fromBot())
                    .filter(message -> !message.text().equals(entry.text()))
                    .map(message -> "<@" + message.userId() + ">: " + message.text())
                    .collect(Collectors.joining("\n"));
        } else {
            if (!PreFilter.worthAsking(entry.text())) {
                return;
            }
            conversation = "<@" + entry.userId() + ">: " + entry.text();
        }
        if (conversation.isBlank()) {
            return;
        }
        SkillExtractor.Extraction extraction = extractor.extract(tenant, conversation);
        if (extraction.skill().isEmpty()) {
            return;
        }
        SkillContent skill = extraction.skill().get();
        String permalink = slack.permalink(token.get(), entry.channelId(), threadRoot);
        SkillSource source = new SkillSource(entry.teamId(), entry.channelId(), entry.messageTs(), threadRoot, permalink,
                Sha256.hex(conversation));
        SkillId skillId = SkillId.fromSlackEvent(tenant.value(), entry.eventId());
        String actor = entry.userId() == null ? AuditContext.SYSTEM : entry.userId();
        boolean needsCard = TenantScope.call(tenant, () -> Boolean.TRUE.equals(commands.sendAndWait(
                new RecordExtractedSkillCommand(tenant, skillId, skill, source, extraction.model(),
                        SkillExtractor.PROMPT_VERSION, clock.instant()), AuditContext.of(tenant, actor, Source.SLACK))));
        log.info("extracted skill {} ({}) from Slack event {} of tenant {}", skillId, skill.name(), entry.eventId(), tenant);
        if (needsCard) {
            // The card goes in the thread it came from; if posting fails the row is retried, and the skill,
            // already recorded, only gets its card.
            String cardTs = slack.post(token.get(), entry.channelId(), threadRoot, SkillCards.fallback(skill),
                    SkillCards.proposed(skillId, skill));
            TenantScope.run(tenant, () -> commands.sendAndWait(new RecordSkillCardCommand(tenant, skillId, entry.channelId(),
                    cardTs, clock.instant()), AuditContext.of(tenant, AuditContext.SYSTEM, Source.SLACK)));
        }
    }

    private void later(SlackInbox.Claimed claimed, Optional<Duration> retryAfter, String reason) {
        Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(claimed.attempts() - 1, 10));
        Duration wait = retryAfter.orElse(backoff);
        if (wait.compareTo(Duration.ofHours(1)) > 0) {
            wait = Duration.ofHours(1);
        }
        log.info("Slack event {} of tenant {} waits {} ({})", claimed.entry().eventId(), claimed.tenantId(), wait, reason);
        inbox.retryLater(claimed.tenantId(), claimed.entry().eventId(), clock.instant().plus(wait), reason);
    }

}
