package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The signal was posted: message {@code messageTs} of {@code channelId}, at the {@code attempts}-th try. */
@Revision("1")
public record SignalDispatched(
        TenantId tenantId,
        SignalId signalId,
        String channelId,
        String messageTs,
        int attempts,
        Instant dispatchedAt) implements SignalEvent {
}
