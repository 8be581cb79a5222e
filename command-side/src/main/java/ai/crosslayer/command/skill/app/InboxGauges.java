package ai.crosslayer.command.skill.app;

import ai.crosslayer.command.skill.store.SlackInbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The inbox's depth as Prometheus gauges, all tenants: {@code crosslayer_inbox_depth} (rows waiting) and
 * {@code crosslayer_inbox_oldest_seconds} (the age of the oldest, 0 when empty). Counted every few seconds by a
 * job, not at scrape time, so that a scrape never waits on the database. Issue 19.
 */
@Component
class InboxGauges {

    private static final Logger log = LoggerFactory.getLogger(InboxGauges.class);

    private final SlackInbox inbox;
    private final Clock clock;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();

    InboxGauges(SlackInbox inbox, MeterRegistry meters, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
        Gauge.builder("crosslayer.inbox.depth", depth, AtomicLong::get)
                .description("Slack inbox rows waiting for their work, all tenants").register(meters);
        Gauge.builder("crosslayer.inbox.oldest.seconds", oldestSeconds, AtomicLong::get)
                .description("age of the oldest Slack inbox row, all tenants (0 when empty)").register(meters);
    }

    @Scheduled(fixedDelayString = "${crosslayer.inbox.gauge-interval:PT5S}", initialDelayString = "PT1S")
    void count() {
        try {
            SlackInbox.Depth now = inbox.depth();
            depth.set(now.rows());
            oldestSeconds.set(now.oldest() == null ? 0 : Math.max(0, Duration.between(now.oldest(), clock.instant()).toSeconds()));
        } catch (DataAccessException e) {
            // The gauges keep their last value; health says the database is down.
            log.debug("could not count the inbox: {}", e.getMessage());
        }
    }
}
