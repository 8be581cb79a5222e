package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A signal was raised about {@code subject} (a skill or integration id), to be posted as {@code text} in
 * {@code channelId} (in thread {@code threadTs} when set); {@code channelId} is {@code null} when the policy
 * names no signal channel, and the signal then waits, undelivered, in the dashboard.
 */
@Revision("1")
public record SignalRaised(
        TenantId tenantId,
        SignalId signalId,
        SignalKind kind,
        String subject,
        String text,
        String channelId,
        String threadTs,
        Instant raisedAt) implements SignalEvent {
}
