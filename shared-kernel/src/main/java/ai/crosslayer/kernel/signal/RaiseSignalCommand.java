package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.Bounds;
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

    /** The longest signal text the signal board keeps. */
    public static final int MAX_TEXT = 4000;

    /** Refuses what the signal board cannot store (issue 11, item 2). */
    public RaiseSignalCommand {
        Bounds.required("subject", subject, Bounds.NAME);
        Bounds.required("text", text, MAX_TEXT);
        Bounds.text("channelId", channelId, Bounds.SLACK_ID);
        Bounds.text("threadTs", threadTs, Bounds.SLACK_ID);
    }
}
