package ai.crosslayer.command.signal.app;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Signals ({@code crosslayer.signals.*}): a dispatcher looks for due signals every {@code pollInterval}, tries
 * each at most {@code maxAttempts} times (waiting {@code retryBackoff}, doubling, or Slack's Retry-After)
 * before dead-lettering it; a proposed skill waiting longer than {@code reviewAfter} raises a signal. A claimed
 * signal is the claiming node's for {@code lease} (2 minutes): if that node dies, another takes it up after it.
 */
@ConfigurationProperties("crosslayer.signals")
public record SignalSettings(Duration pollInterval, int maxAttempts, Duration retryBackoff, Duration reviewAfter,
                             Duration reviewCheckInterval, Duration lease) {

    public SignalSettings {
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        maxAttempts = maxAttempts <= 0 ? 5 : maxAttempts;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(5) : retryBackoff;
        reviewAfter = reviewAfter == null ? Duration.ofHours(48) : reviewAfter;
        reviewCheckInterval = reviewCheckInterval == null ? Duration.ofMinutes(10) : reviewCheckInterval;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
    }
}
