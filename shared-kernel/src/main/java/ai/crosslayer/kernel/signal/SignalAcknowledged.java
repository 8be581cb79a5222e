package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Someone pressed Acknowledge on the signal. */
@Revision("1")
public record SignalAcknowledged(
        TenantId tenantId,
        SignalId signalId,
        String slackUserId,
        Instant acknowledgedAt) implements SignalEvent {
}
