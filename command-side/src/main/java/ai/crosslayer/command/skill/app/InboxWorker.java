package ai.crosslayer.command.skill.app;

import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.governance.app.Governance;
import ai.crosslayer.command.provider.ProviderCallFailed;
import ai.crosslayer.command.provider.slack.SlackWebApi;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.support.Backoff;
import ai.crosslayer.command.support.ClosedTenant;
import ai.crosslayer.command.support.WorkLanes;
import ai.crosslayer.command.skill.domain.PreFilter;
import ai.crosslayer.command.provider.anthropic.SkillExtractor;
import ai.crosslayer.command.skill.domain.DirectMessages;
import ai.crosslayer.command.skill.store.SlackInbox;
import ai.crosslayer.kernel.Sha256;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.governance.GovernanceSettings;
import ai.crosslayer.kernel.integration.SecretToken;
import ai.crosslayer.kernel.skill.RecordExtractedSkillCommand;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillSource;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Works off the Slack inbox after the ack, on any node, in two stages. <em>Triage</em>: {@code triageWorkers}
 * workers at once take batches of new rows, tenant by tenant, open them, and delete in one statement every row
 * that needs no outside call (small talk the pre-filter turns down, a mention that does not ask for a capture);
 * the rest wait for the <em>worker pool</em> ({@link WorkLanes}), which hands each tenant at most its share of
 * threads, least recently served tenant first: read the thread, ask the model, record the skill (which queues its
 * card and deletes the row in one transaction). When Anthropic or Slack cannot be reached the row waits and is
 * tried again later; nothing is lost while they are down, up to the inbox's maximum age, after which rows are
 * deleted unread.
 */
@Component
class InboxWorker {

    private static final Logger log = LoggerFactory.getLogger(InboxWorker.class);
    /** Words in a mention that ask the bot to capture its thread. */
    private static final List<String> CAPTURE = List.of("capture", "save", "remember");

    private final SlackInbox inbox;
    private final InboxSettings settings;
    private final TokenVault vault;
    private final SlackWebApi slack;
    private final SkillExtractor extractor;
    private final CommandGateway commands;
    private final Clock clock;
    private final Governance governance;
    private final WorkLanes lanes;
    private final ExecutorService triage;
    private final Semaphore triageLoops;
    private final AtomicLong rounds = new AtomicLong();

    InboxWorker(SlackInbox inbox, InboxSettings settings, TokenVault vault, SlackWebApi slack, SkillExtractor extractor,
                CommandGateway commands, Governance governance, WorkLanes lanes, Clock clock) {
        this.governance = governance;
        this.inbox = inbox;
        this.settings = settings;
        this.vault = vault;
        this.slack = slack;
        this.extractor = extractor;
        this.commands = commands;
        this.lanes = lanes;
        this.clock = clock;
        AtomicInteger number = new AtomicInteger();
        this.triage = Executors.newFixedThreadPool(settings.triageWorkers(), runnable -> {
            Thread thread = new Thread(runnable, "crosslayer-triage-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.triageLoops = new Semaphore(settings.triageWorkers());
    }

    /** Starts a triage loop on every idle triage worker; each runs until a whole round finds nothing new. */
    @Scheduled(fixedDelayString = "${crosslayer.inbox.poll-interval:PT0.5S}", initialDelayString = "PT1S")
    void triage() {
        if (!settings.workers()) {
            return;
        }
        while (triageLoops.tryAcquire()) {
            try {
                triage.execute(() -> {
                    try {
                        triageUntilEmpty();
                    } catch (RuntimeException e) {
                        log.error("triaging the Slack inbox failed; the rows stay for the next round", e);
                    } finally {
                        triageLoops.release();
                    }
                });
            } catch (RejectedExecutionException stopping) {
                triageLoops.release();
                return;
            }
        }
    }

    private void triageUntilEmpty() {
        boolean found = true;
        while (found && !Thread.currentThread().isInterrupted()) {
            found = false;
            List<TenantId> tenants = new ArrayList<>(inbox.tenantsToTriage());
            // Round-robin: each round starts one tenant further on, and takes one batch of each.
            Collections.rotate(tenants, (int) (rounds.incrementAndGet() % Math.max(1, tenants.size())));
            for (TenantId tenant : tenants) {
                SlackInbox.Triage pass = inbox.triage(tenant, settings.batch(), InboxWorker::needsWork);
                if (pass.taken() > 0) {
                    log.debug("triaged {} row(s) of tenant {}: {} deleted unworked, {} kept for work", pass.taken(), tenant,
                            pass.discarded(), pass.kept());
                }
                found |= pass.taken() > 0;
            }
        }
    }

    /** Hands due rows to the worker pool, as far as each tenant's share allows, least recently served first. */
    @Scheduled(fixedDelayString = "${crosslayer.inbox.poll-interval:PT0.5S}", initialDelayString = "PT1S")
    void work() {
        if (!settings.workers()) {
            return;
        }
        for (TenantId tenant : lanes.fairOrder(inbox.tenantsWithWork())) {
            int room = lanes.room(tenant);
            if (room == 0) {
                continue;
            }
            for (SlackInbox.Claimed claimed : inbox.claim(tenant, room, settings.lease())) {
                log.debug("Slack event {} of tenant {} handed to a worker", claimed.entry().eventId(), tenant);
                if (!lanes.submit(tenant, "Slack event " + claimed.entry().eventId(), () -> process(claimed))) {
                    inbox.release(tenant, claimed.entry().eventId());
                }
            }
        }
    }

    /**
     * Deletes rows older than their tenant's maximum age (the policy's, never more than the service's). Tenants
     * are found by rows older than the shortest age a policy may set, so a shortened age takes effect too.
     */
    @Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT1S")
    void purge() {
        if (!settings.workers()) {
            return;
        }
        for (TenantId tenant : inbox.tenantsWithExpired(GovernanceSettings.MIN_INBOX_MAX_AGE)) {
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

    /**
     * Whether a row needs outside calls (the model, Slack): a mention that asks for a capture, or a channel
     * message that passes the pre-filter. Everything else is deleted at triage without a call.
     */
    static boolean needsWork(SlackInbox.Entry entry) {
        if ("app_mention".equals(entry.kind())) {
            String asked = entry.text().toLowerCase(Locale.ROOT);
            return CAPTURE.stream().anyMatch(asked::contains);
        }
        return PreFilter.worthAsking(entry.text());
    }

    @PreDestroy
    void stop() {
        triage.shutdownNow();
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
            if (ClosedTenant.refused(e)) {
                // Offboarded while this was in hand: the row is gone with the tenant's inbox, nothing is recorded.
                log.info("Slack event {} of tenant {} dropped: the tenant was offboarded", entry.eventId(), tenant);
                return;
            }
            log.error("working Slack event {} of tenant {} failed; it will be tried again", entry.eventId(), tenant, e);
            later(claimed, Optional.empty(), e.getClass().getSimpleName());
        }
    }

    private void work(TenantId tenant, SlackInbox.Entry entry) {
        if (DirectMessages.isDirect("", entry.channelId())) {
            // Accepted before DMs were also known by their channel id (issue 12, item 8): deleted unread.
            log.info("Slack event {} of tenant {} is from a direct message; dropped unread", entry.eventId(), tenant);
            return;
        }
        Optional<SecretToken> token = vault.openSlackTeam(tenant, entry.teamId());
        if (token.isEmpty()) {
            log.info("Slack event {} of tenant {}: the workspace is no longer connected; dropped", entry.eventId(), tenant);
            return;
        }
        String threadRoot = entry.threadTs() != null ? entry.threadTs() : entry.messageTs();
        String conversation;
        if ("app_mention".equals(entry.kind())) {
            conversation = slack.thread(token.get(), entry.channelId(), threadRoot).stream()
                    .filter(message -> !message.fromBot())
                    .filter(message -> !message.text().equals(entry.text()))
                    .map(message -> "<@" + message.userId() + ">: " + message.text())
                    .collect(Collectors.joining("\n"));
        } else {
            conversation = "<@" + entry.userId() + ">: " + entry.text();
        }
        if (conversation.isBlank()) {
            return;
        }
        // Every Slack call comes before the model's: a Slack failure after it would ask the model again.
        String permalink = slack.permalink(token.get(), entry.channelId(), threadRoot);
        SkillExtractor.Extraction extraction = extractor.extract(tenant, conversation);
        if (extraction.skill().isEmpty()) {
            return;
        }
        SkillContent skill = extraction.skill().get();
        SkillSource source = new SkillSource(entry.teamId(), entry.channelId(), entry.messageTs(), threadRoot, permalink,
                Sha256.hex(conversation));
        SkillId skillId = SkillId.fromSlackEvent(tenant.value(), entry.eventId());
        String actor = entry.userId() == null ? AuditContext.SYSTEM : entry.userId();
        // One transaction records the skill, queues its card (posted by SkillCardPoster, retried on its own) and
        // deletes this row: from here on, nothing asks the model about this message again.
        TenantScope.run(tenant, () -> commands.sendAndWait(
                new RecordExtractedSkillCommand(tenant, skillId, skill, source, extraction.model(),
                        SkillExtractor.PROMPT_VERSION, clock.instant(), entry.eventId()),
                AuditContext.of(tenant, actor, Source.SLACK)));
        log.info("extracted skill {} ({}) from Slack event {} of tenant {}", skillId, skill.name(), entry.eventId(), tenant);
    }

    private void later(SlackInbox.Claimed claimed, Optional<Duration> retryAfter, String reason) {
        Duration backoff = Backoff.after(claimed.attempts(), settings.retryBackoff(), 10);
        Duration wait = retryAfter.orElse(backoff);
        if (wait.compareTo(Duration.ofHours(1)) > 0) {
            wait = Duration.ofHours(1);
        }
        log.info("Slack event {} of tenant {} waits {} ({})", claimed.entry().eventId(), claimed.tenantId(), wait, reason);
        inbox.retryLater(claimed.tenantId(), claimed.entry().eventId(), clock.instant().plus(wait), reason);
    }

}
