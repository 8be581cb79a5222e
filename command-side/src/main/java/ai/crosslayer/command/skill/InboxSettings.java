package ai.crosslayer.command.skill;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The Slack inbox ({@code crosslayer.inbox.*}): rows older than {@code maxAge} are deleted, worked or not;
 * workers look for work every {@code pollInterval}, claim up to {@code batch} rows for {@code lease}, and
 * wait {@code retryBackoff} (doubling per attempt, at most an hour) before retrying a row whose work failed.
 * Operator commands run with {@code workers} off: they share the database, not the service's work.
 */
@ConfigurationProperties("crosslayer.inbox")
public record InboxSettings(Duration maxAge, Duration pollInterval, Duration lease, int batch, Duration retryBackoff,
                            Boolean workers) {

    public InboxSettings {
        workers = workers == null || workers;
        maxAge = maxAge == null ? Duration.ofHours(24) : maxAge;
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        batch = batch <= 0 ? 10 : batch;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(5) : retryBackoff;
    }
}
