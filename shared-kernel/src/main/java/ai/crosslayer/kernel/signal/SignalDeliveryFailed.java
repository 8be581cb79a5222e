package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A try to post the signal failed ({@code reason}, never a token); the next try is at {@code retryAt}. */
@Revision("1")
public record SignalDeliveryFailed(
        TenantId tenantId,
        SignalId signalId,
        int attempt,
        String reason,
        Instant retryAt,
        Instant failedAt) implements SignalEvent {
}
