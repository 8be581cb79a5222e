package ai.crosslayer.ops.eventstore;

import ai.crosslayer.kernel.TenantScope;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.time.Instant;
import java.util.List;

/**
 * Axon's JDBC engine, with its reads of the whole stream (what tracking processors consume, and the
 * tokens that point into it) declared cross-tenant: they run on the {@code crosslayer_system} role,
 * the only one that row-level security lets read every tenant's events. Appends and aggregate loading
 * stay in the caller's tenant transaction, on {@code crosslayer_app}.
 */
class TenantStreamStorageEngine extends JdbcEventStorageEngine {

    TenantStreamStorageEngine(Builder builder) {
        super(builder);
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        return TenantScope.crossTenant(() -> super.fetchTrackedEvents(lastToken, batchSize));
    }

    @Override
    public TrackingToken createTailToken() {
        return TenantScope.crossTenant(super::createTailToken);
    }

    @Override
    public TrackingToken createHeadToken() {
        return TenantScope.crossTenant(super::createHeadToken);
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return TenantScope.crossTenant(() -> super.createTokenAt(dateTime));
    }
}
