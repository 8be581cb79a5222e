package ai.crosslayer.kernel.signal;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;

import java.time.Instant;

/** The tenant's signals, newest first, filtered by kind, state and raise time (each optional). */
public record FindSignalsQuery(TenantId tenantId, SignalKind kind, SignalState state, Instant since, Instant until, int limit)
        implements TenantScoped {
}
