package ai.crosslayer.command.signal.domain;

import ai.crosslayer.command.support.Backoff;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a signal that could not be posted is tried again, and when it is given up (dead-lettered): after
 * {@code maxAttempts} failed tries, each next try {@code firstWait} later, doubled after every failure (at most ten
 * times, so a long Slack outage is retried at a steady pace). The {@code Signal} aggregate asks it for every failed
 * try (issue 13, item 3: the give-up rule next to the aggregate, not in the worker that posts).
 */
public record SignalDeliveryPolicy(int maxAttempts, Duration firstWait) {

    /** A long outage is retried every {@code firstWait × 2^10} at most. */
    private static final int MAX_DOUBLINGS = 10;

    public SignalDeliveryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a signal is tried at least once");
        }
        Objects.requireNonNull(firstWait, "firstWait");
        if (firstWait.isNegative() || firstWait.isZero()) {
            throw new IllegalArgumentException("the wait before a signal's next try must be positive");
        }
    }

    /** When failed try {@code attempt} (1 for the first) of a signal is followed by another; empty: given up. */
    public Optional<Instant> nextTry(int attempt, Instant failedAt) {
        if (attempt >= maxAttempts) {
            return Optional.empty();
        }
        return Optional.of(failedAt.plus(Backoff.after(attempt, firstWait, MAX_DOUBLINGS)));
    }
}
