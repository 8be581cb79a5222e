package ai.crosslayer.command.support;

import java.time.Duration;

/**
 * Exponential back-off, said once (issue 13, item 4): the wait before try {@code attempt + 1} is the first wait
 * doubled after each failed try, at most {@code maxDoublings} times, so that a long outage is retried at a steady
 * pace instead of never.
 */
public final class Backoff {

    private Backoff() {
    }

    /** The wait after failed try {@code attempt} (1 for the first try): {@code first × 2^min(attempt − 1, maxDoublings)}. */
    public static Duration after(int attempt, Duration first, int maxDoublings) {
        return first.multipliedBy(1L << Math.max(0, Math.min(attempt - 1, maxDoublings)));
    }
}
