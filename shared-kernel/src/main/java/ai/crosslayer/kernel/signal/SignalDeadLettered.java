package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Delivery gave up after {@code attempts} tries; the signal stays visible in the dashboard. */
@Revision("1")
public record SignalDeadLettered(
        TenantId tenantId,
        SignalId signalId,
        int attempts,
        String reason,
        Instant deadLetteredAt) implements SignalEvent {
}
