package ai.crosslayer.kernel.signal;

import java.time.Instant;

/**
 * A signal as the dashboard shows it. {@code state}: {@code pending} (queued, or waiting to retry),
 * {@code no-channel} (the policy names no signal channel), {@code dispatched}, {@code dead-letter},
 * {@code acknowledged}.
 */
public record SignalView(
        SignalId id,
        SignalKind kind,
        String subject,
        String text,
        String state,
        String channelId,
        String messageTs,
        int attempts,
        String lastFailure,
        Instant raisedAt,
        Instant dispatchedAt,
        String acknowledgedBy,
        Instant acknowledgedAt) {
}
