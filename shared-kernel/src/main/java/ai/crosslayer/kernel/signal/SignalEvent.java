package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.TenantScoped;

/** Everything that happens to a signal. Stored type names are public API: never rename these records. */
public sealed interface SignalEvent extends TenantScoped
        permits SignalRaised, SignalDispatched, SignalDeliveryFailed, SignalDeadLettered, SignalAcknowledged {

    SignalId signalId();
}
