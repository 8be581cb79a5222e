package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Raise a signal (once: raising the same signal id again changes nothing) and queue it for delivery. */
public record RaiseSignalCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier SignalId signalId,
        SignalKind kind,
        String subject,
        String text,
        String channelId,
        String threadTs,
        Instant at) implements TenantScoped {
}
