package ai.crosslayer.kernel.signal;

import java.time.Instant;

/**
 * A signal as the dashboard shows it, with where it stands ({@link SignalState}).
 */
public record SignalView(
        SignalId id,
        SignalKind kind,
        String subject,
        String text,
        SignalState state,
        String channelId,
        String messageTs,
        int attempts,
        String lastFailure,
        Instant raisedAt,
        Instant dispatchedAt,
        String acknowledgedBy,
        Instant acknowledgedAt) {
}
