package ai.crosslayer.command.skill.app;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The Slack inbox ({@code crosslayer.inbox.*}): rows older than {@code maxAge} are deleted, worked or not;
 * workers look for work every {@code pollInterval}. {@code triageWorkers} workers at once each take up to
 * {@code batch} new rows of a tenant in one transaction, open and pre-filter them, delete in one statement those
 * that need no outside call, and mark the rest for the worker pool ({@code crosslayer.work.*}), which claims
 * them for {@code lease} and waits {@code retryBackoff} (doubling per attempt, at most an hour) before retrying
 * a row whose work failed. Operator commands run with {@code workers} off: they share the database, not the
 * service's work.
 */
@ConfigurationProperties("crosslayer.inbox")
public record InboxSettings(Duration maxAge, Duration pollInterval, Duration lease, int batch, Duration retryBackoff,
                            Boolean workers, int triageWorkers) {

    public InboxSettings {
        workers = workers == null || workers;
        maxAge = maxAge == null ? Duration.ofHours(24) : maxAge;
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        batch = batch == 0 ? 500 : batch;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(5) : retryBackoff;
        triageWorkers = triageWorkers == 0 ? 2 : triageWorkers;
        if (batch < 1 || batch > 10_000) {
            throw new IllegalArgumentException("crosslayer.inbox.batch must be between 1 and 10000");
        }
        if (triageWorkers < 1) {
            throw new IllegalArgumentException("crosslayer.inbox.triage-workers must be at least 1");
        }
    }
}
