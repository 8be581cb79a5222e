package ai.crosslayer.ops.eventstore;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Flat aggregate load cost (issue 14): the tenant aggregate, whose history grows with every sign-in, is
 * snapshotted every {@link AggregateSettings#snapshotEvery()} events and kept in a cache between commands.
 * A load reads the newest snapshot of the aggregate's current {@code @Revision} and the events after it.
 *
 * <p>Why snapshots and not members as aggregates of their own: the tenant decides who joins and in which
 * role in one place, and its stored events (public API, hashed into the audit chain) stay byte-identical.
 * A stale cache entry on another node cannot decide anything wrong: its append collides with the stored
 * sequence, the unit of work rolls back, the entry is evicted and the sign-in is retried.
 */
@Configuration(proxyBeanMethods = false)
class SnapshotConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SnapshotConfiguration.class);

    /** Named by {@code @Aggregate(snapshotTriggerDefinition = ...)} on the tenant aggregate. */
    @Bean
    SnapshotTriggerDefinition tenantSnapshotTrigger(Snapshotter snapshotter, AggregateSettings settings) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, settings.snapshotEvery());
    }

    /**
     * Named by {@code @Aggregate(cache = ...)}. Entries live while the JVM keeps them (weak references):
     * the cache saves the common case, the snapshot bounds the rest.
     */
    @Bean
    Cache tenantCache() {
        return new WeakReferenceCache();
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService snapshotThread() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "aggregate-snapshots");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Axon's snapshotter, taking snapshots on a thread of its own after the command committed, in the tenant
     * scope of the command that triggered it: the snapshot is read and written under that tenant's
     * row-level security like everything else.
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration configuration,
                                                    HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    SnapshotterSpanFactory spanFactory, ExecutorService snapshotThread) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(task -> tenantOfCurrentCommand().ifPresentOrElse(
                        tenant -> snapshotThread.execute(() -> TenantScope.run(tenant, task)),
                        // A snapshot is an optimisation: without a tenant to take it in, the aggregate is replayed.
                        () -> log.warn("aggregate snapshot skipped: it was scheduled outside any tenant's command")))
                .build();
    }

    /** Snapshots are scheduled after the command's unit of work committed, while it is still current. */
    private static Optional<TenantId> tenantOfCurrentCommand() {
        Optional<TenantId> fromMessage = CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().getMessage().getPayload() instanceof TenantScoped scoped
                ? Optional.ofNullable(scoped.tenantId()) : Optional.empty();
        return fromMessage.or(TenantScope::current);
    }
}
