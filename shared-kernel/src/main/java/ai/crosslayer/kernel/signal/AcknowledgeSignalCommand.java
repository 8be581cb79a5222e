package ai.crosslayer.kernel.signal;

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
}
