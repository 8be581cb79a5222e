package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Record one delivery try: posted as {@code messageTs} (when not {@code null}), else failed for
 * {@code reason}, to be tried again at {@code retryAt} — or, when {@code retryAt} is {@code null}, given up.
 */
public record RecordSignalDeliveryCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier SignalId signalId,
        String channelId,
        String messageTs,
        int attempt,
        String reason,
        Instant retryAt,
        Instant at) implements TenantScoped {
}
