package ai.crosslayer.projections;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Query;

import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How projection handlers write (issue 14). A processor hands its handlers a batch of events in one unit of
 * work and one transaction; their statements are collected, and sent just before that transaction commits:
 * tenant by tenant, each tenant's transaction binding set once and its statements in JDBC batches (a round
 * trip per run of same-shaped statements instead of one per event). Order is kept within a tenant; tenants' rows never touch, so their
 * order does not matter. Handlers only write, never read what the batch wrote, and stay idempotent.
 *
 * <p>Outside a unit of work (the "as of" replay, tests) a statement runs at once. So it does, for a while,
 * after a batch failed to flush: the retried events then fail one by one, in their handlers, where an error
 * handler or a dead-letter queue can tell which event it was.
 */
public final class ProjectionWrites {

    /** How long statements run one by one after a batch failed: long enough for the retry to pass them. */
    static final Duration ONE_BY_ONE_AFTER_FAILURE = Duration.ofMinutes(1);
    private static final String PENDING = ProjectionWrites.class.getName() + ".pending";
    private static final String BATCHING = ProjectionWrites.class.getName() + ".batching";

    private final DSLContext sql;
    private final Consumer<TenantId> bindTransaction;
    private volatile long oneByOneUntil = System.nanoTime();

    /**
     * @param bindTransaction binds the transaction in progress to a tenant for row-level security (the
     *                        composition root's transaction manager)
     */
    public ProjectionWrites(DSLContext sql, Consumer<TenantId> bindTransaction) {
        this.sql = sql;
        this.bindTransaction = bindTransaction;
    }

    /** Runs {@code query} as part of the current batch, in the current event's tenant. */
    public void add(Query query) {
        if (!CurrentUnitOfWork.isStarted()) {
            query.execute();
            return;
        }
        TenantId tenant = TenantScope.current().orElseThrow(() ->
                new IllegalStateException("a projection writes inside its event's tenant scope"));
        if (!batching()) {
            bindTransaction.accept(tenant);
            executeAlone(query);
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        Map<TenantId, List<Query>> pending = batch.getOrComputeResource(PENDING, key -> {
            Map<TenantId, List<Query>> byTenant = new LinkedHashMap<>();
            batch.onPrepareCommit(unitOfWork -> flush(byTenant));
            return byTenant;
        });
        pending.computeIfAbsent(tenant, t -> new ArrayList<>()).add(query);
    }

    /**
     * Whether statements added in the current batch wait for its commit: inside a unit of work, unless a batch
     * failed to flush within {@link #ONE_BY_ONE_AFTER_FAILURE} before. Decided once per batch, when first asked,
     * so that a handler (and the savepoint around it) sees the same answer as its statements, whatever another
     * batch does meanwhile. Else they run at once.
     */
    public boolean batching() {
        return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root()
                .getOrComputeResource(BATCHING, key -> System.nanoTime() - oneByOneUntil >= 0);
    }

    /**
     * One statement, inside a savepoint when in a transaction: if it fails, the batch's transaction stays usable
     * for the events after it (which a dead-letter queue lets through while it parks this one).
     */
    private void executeAlone(Query query) {
        sql.connection(connection -> {
            if (connection.getAutoCommit()) {
                query.execute();
                return;
            }
            Savepoint before = connection.setSavepoint();
            try {
                query.execute();
            } catch (RuntimeException e) {
                connection.rollback(before);
                throw e;
            }
            connection.releaseSavepoint(before);
        });
    }

    /** Whether a handler class writes through this (takes it in its constructor): rebuild replays only those. */
    public static boolean isUsedBy(Class<?> handler) {
        return Arrays.stream(handler.getConstructors())
                .anyMatch(constructor -> Arrays.asList(constructor.getParameterTypes()).contains(ProjectionWrites.class));
    }

    /**
     * One tenant's statements, in order. A run of statements of the same shape (a stream of sign-ins) goes out
     * as one prepared statement with many sets of values: parsed and planned once, not once per event.
     */
    private void send(List<Query> queries) {
        int first = 0;
        while (first < queries.size()) {
            String shape = queries.get(first).getSQL();
            int end = first + 1;
            while (end < queries.size() && queries.get(end).getSQL().equals(shape)) {
                end++;
            }
            if (end - first == 1) {
                queries.get(first).execute();
            } else {
                BatchBindStep batch = sql.batch(queries.get(first));
                for (Query query : queries.subList(first, end)) {
                    batch = batch.bind(query.getBindValues().toArray());
                }
                batch.execute();
            }
            first = end;
        }
    }

    private void flush(Map<TenantId, List<Query>> pending) {
        try {
            pending.forEach((tenant, queries) -> TenantScope.run(tenant, () -> {
                bindTransaction.accept(tenant);
                send(queries);
            }));
        } catch (RuntimeException e) {
            oneByOneUntil = System.nanoTime() + ONE_BY_ONE_AFTER_FAILURE.toNanos();
            throw e;
        }
    }
}
