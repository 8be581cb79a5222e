package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.NotPersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Someone pressed Acknowledge on the signal. */
@Revision("1")
public record SignalAcknowledged(
        TenantId tenantId,
        SignalId signalId,
        @NotPersonalData("an opaque Slack user id: it stays in the chain after erasure, the name it stood for is sealed") String slackUserId,
        Instant acknowledgedAt) implements SignalEvent {
}
