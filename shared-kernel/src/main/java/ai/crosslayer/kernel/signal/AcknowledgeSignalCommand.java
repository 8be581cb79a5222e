package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A press of Acknowledge on a signal; the first one counts. */
public record AcknowledgeSignalCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier SignalId signalId,
        String slackUserId,
        Instant at) implements TenantScoped {

    /** Refuses what the signal board cannot store (issue 11, item 2). */
    public AcknowledgeSignalCommand {
        Bounds.required("slackUserId", slackUserId, Bounds.SHORT);
    }
}
