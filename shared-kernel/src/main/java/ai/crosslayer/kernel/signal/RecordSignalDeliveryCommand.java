package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Record one delivery try: posted as {@code messageTs} (when not {@code null}), else failed for {@code reason}.
 * Whether a failed try is followed by another or the signal is given up is the signal's decision (its delivery
 * policy), not the caller's.
 */
public record RecordSignalDeliveryCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier SignalId signalId,
        String channelId,
        String messageTs,
        int attempt,
        String reason,
        Instant at) implements TenantScoped {

    /** Refuses what the signal board cannot store (issue 11, item 2): callers cut long failures first. */
    public RecordSignalDeliveryCommand {
        Bounds.text("channelId", channelId, Bounds.SLACK_ID);
        Bounds.text("messageTs", messageTs, Bounds.SLACK_ID);
        Bounds.text("reason", reason, Bounds.LONG);
    }
}
