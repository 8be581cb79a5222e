package ai.crosslayer.ops.processing;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.TenantScoped;
import ai.crosslayer.ops.tenancy.TenantTransactionManager;
import ai.crosslayer.projections.ProjectionWrites;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * {@code rebuild <projection>}, online (issue 14). The projection's own handlers replay every event into
 * shadow tables (schema {@code crosslayer_rebuild}, same names, columns, keys, row-level security and grants,
 * put first on the search path of the rebuild's transactions) while the live tables keep serving; then one
 * transaction locks the live tables, drops them and moves the shadows in: a reader sees the old read model
 * or the new one, never an empty or half-built one.
 *
 * <p>Resumable: the position a page reaches ({@code projection_rebuild}) is stored once the page's shadow rows
 * have committed; running the command again continues from there, applying again a page it was writing. The live processor keeps running: the swap
 * waits until the shadow has reached at least every live segment's position, and the live processor then
 * continues from its own position, re-applying the few events since (the handlers are idempotent).
 */
@Component
public class ProjectionRebuild {

    /** Where the shadow tables are built, under the live tables' names. */
    static final String SHADOW = "crosslayer_rebuild";
    private static final int SWAP_ATTEMPTS = 20;

    private final ApplicationContext context;
    private final JdbcTemplate owner;
    private final TransactionTemplate ownerTransaction;
    private final JdbcTemplate app;
    private final TransactionTemplate appTransaction;
    private final TenantTransactionManager transactions;
    private final EventStorageEngine events;
    private final DSLContext sql;
    private final ProcessorLag lag;
    private final Serializer eventSerializer;
    private final EventUpcaster upcasters;
    /**
     * Events per page (each writer's share of it one transaction); and how often a progress line is written. Tests
     * make them small. Large pages make a tenant's merged statements few and long: PostgreSQL plans every statement,
     * and for a 50-row merged sign-in update planning took as long as executing it (EXPLAIN ANALYZE, README "Cost").
     */
    int pageSize = 20_000;
    long progressEveryNanos = 3_000_000_000L;
    /**
     * How old an event must be for the part of the stream up to it to count as settled (read straight from the
     * table): Axon's default gap timeout. Tests make it zero.
     */
    Duration settledAfter = Duration.ofMinutes(1);
    /** Transactions that write a page at once, each a share of its tenants. */
    int writers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** What a rebuild did, and where its time went. */
    public record Report(String projection, long events, double seconds, String phases) {
    }

    public ProjectionRebuild(ApplicationContext context, @Qualifier("ownerDataSource") DataSource ownerDataSource,
                             DataSource dataSource, TenantTransactionManager transactions, EventStorageEngine events,
                             DSLContext sql, ProcessorLag lag, @Qualifier("eventSerializer") Serializer eventSerializer,
                             org.axonframework.config.Configuration axon) {
        this.context = context;
        this.owner = new JdbcTemplate(ownerDataSource);
        this.ownerTransaction = new TransactionTemplate(new DataSourceTransactionManager(ownerDataSource));
        this.app = new JdbcTemplate(dataSource);
        this.appTransaction = new TransactionTemplate(transactions);
        this.transactions = transactions;
        this.events = events;
        this.sql = sql;
        this.lag = lag;
        this.eventSerializer = eventSerializer;
        this.upcasters = axon.upcasterChain();
    }

    /** The projections that can be rebuilt: processing groups that keep tables of their name. */
    public Map<String, Object> projections() {
        Map<String, Object> found = new TreeMap<>();
        context.getBeansWithAnnotation(ProcessingGroup.class).values().forEach(bean -> {
            ProcessingGroup group = AnnotationUtils.findAnnotation(bean.getClass(), ProcessingGroup.class);
            if (group != null && !tables(group.value()).isEmpty() && ProjectionWrites.isUsedBy(bean.getClass())) {
                found.put(group.value(), bean);
            }
        });
        return found;
    }

    /** Rebuilds one projection; {@code progress} gets a line every few seconds. */
    public Report rebuild(String projection, Consumer<String> progress) {
        Object live = projections().get(projection);
        if (live == null) {
            throw new IllegalArgumentException(projection);
        }
        List<String> tables = tables(projection);
        long start = System.nanoTime();
        long position = prepare(projection, tables);
        long handled = 0;
        try (ShadowReplay replay = new ShadowReplay(projection, shadowOf(live), progress)) {
            for (int attempt = 0; ; attempt++) {
                handled += replay.upToHead(position);
                position = replay.position;
                if (swap(projection, tables, position)) {
                    return new Report(projection, handled, (System.nanoTime() - start) / 1e9, replay.phases.toString());
                }
                if (attempt == SWAP_ATTEMPTS) {
                    throw new IllegalStateException("the live " + projection + " processor kept moving ahead of the "
                            + "rebuild; its shadow tables and progress are kept: run rebuild again");
                }
            }
        }
    }

    /** The projection's tables: its name in snake case, alone or followed by more words. */
    List<String> tables(String projection) {
        String name = projection.replace('-', '_');
        return owner.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                + "AND table_type = 'BASE TABLE' AND (table_name = ? OR table_name LIKE ? ESCAPE '!') ORDER BY table_name",
                String.class, name, name.replace("_", "!_") + "!_%");
    }

    /** Creates the shadow tables, unless a rebuild to resume left them: answers where to start. */
    private long prepare(String projection, List<String> tables) {
        return ownerTransaction.execute(status -> {
            List<Long> resumed = owner.queryForList("SELECT position FROM projection_rebuild WHERE processing_group = ?",
                    Long.class, projection);
            if (!resumed.isEmpty()) {
                return resumed.get(0);
            }
            // Names below are written out in full: the shadows must never point at a live table by accident.
            owner.execute("SET LOCAL search_path = public");
            for (String table : tables) {
                owner.execute("DROP TABLE IF EXISTS " + SHADOW + "." + table + " CASCADE");
                owner.execute("CREATE TABLE " + SHADOW + "." + table + " (LIKE public." + table + " INCLUDING ALL)");
            }
            for (String table : tables) {
                copyForeignKeys(table, tables);
                copySecurity(table);
            }
            owner.update("INSERT INTO projection_rebuild (processing_group, position) VALUES (?, -1)", projection);
            return -1L;
        });
    }

    private void copyForeignKeys(String table, List<String> tables) {
        owner.query("SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint "
                + "WHERE conrelid = ('public.' || ?)::regclass AND contype = 'f'", row -> {
            String definition = row.getString("def");
            for (String other : tables) {
                // A key within the projection points at the other shadow; one to the tenants table stays.
                definition = definition.replace("REFERENCES " + other + "(", "REFERENCES " + SHADOW + "." + other + "(");
            }
            owner.execute("ALTER TABLE " + SHADOW + "." + table + " ADD CONSTRAINT " + row.getString("conname") + " " + definition);
        }, table);
    }

    private void copySecurity(String table) {
        String shadow = SHADOW + "." + table;
        owner.execute("ALTER TABLE " + shadow + " ENABLE ROW LEVEL SECURITY");
        owner.execute("ALTER TABLE " + shadow + " FORCE ROW LEVEL SECURITY");
        owner.query("SELECT policyname, permissive, array_to_string(roles, ', ') AS roles, cmd, qual, with_check "
                + "FROM pg_policies WHERE schemaname = 'public' AND tablename = ?", row -> {
            owner.execute("CREATE POLICY " + row.getString("policyname") + " ON " + shadow + " AS "
                    + row.getString("permissive") + " FOR " + row.getString("cmd") + " TO " + row.getString("roles")
                    + (row.getString("qual") == null ? "" : " USING (" + row.getString("qual") + ")")
                    + (row.getString("with_check") == null ? "" : " WITH CHECK (" + row.getString("with_check") + ")"));
        }, table);
        owner.query("SELECT grantee, privilege_type FROM information_schema.role_table_grants "
                + "WHERE table_schema = 'public' AND table_name = ? AND grantee IN ('crosslayer_app', 'crosslayer_system')",
                row -> {
                    owner.execute("GRANT " + row.getString("privilege_type") + " ON " + shadow + " TO "
                            + row.getString("grantee"));
                }, table);
    }

    /** A second instance of the projection: the same handlers, writing wherever the search path leads. */
    private Object shadowOf(Object live) {
        try {
            return live.getClass().getConstructor(DSLContext.class, ProjectionWrites.class)
                    .newInstance(sql, ProjectionWrites.forRebuild(sql, transactions::bind));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a shadow " + live.getClass().getSimpleName(), e);
        }
    }

    /**
     * The swap, in one transaction of the tables' owner: lock the live tables (the live processor waits),
     * check that the shadow has every event the live tables have, drop them and rename the shadows in.
     * Answers false, changing nothing, when the live processor is ahead of the shadow.
     */
    private boolean swap(String projection, List<String> tables, long shadowPosition) {
        return Boolean.TRUE.equals(ownerTransaction.execute(status -> {
            owner.execute("SET LOCAL search_path = public");
            owner.execute("LOCK TABLE " + String.join(", ", tables) + " IN ACCESS EXCLUSIVE MODE");
            long livePosition = lag.positions(projection).stream().mapToLong(Long::longValue).max().orElse(-1);
            if (livePosition > shadowPosition) {
                status.setRollbackOnly();
                return false;
            }
            Map<String, String> indexNames = new LinkedHashMap<>();
            for (String table : tables) {
                owner.query("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ?",
                        row -> {
                            indexNames.put(table + ":" + normalized(row.getString("indexdef")), row.getString("indexname"));
                        }, table);
            }
            owner.execute("DROP TABLE " + String.join(", ", tables.stream().map(t -> "public." + t).toList()));
            for (String table : tables) {
                owner.execute("ALTER TABLE " + SHADOW + "." + table + " SET SCHEMA public");
            }
            // Indexes the migrations named themselves take their names back, so later migrations find them.
            for (String table : tables) {
                owner.query("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ?",
                        row -> {
                            String original = indexNames.get(table + ":" + normalized(row.getString("indexdef")));
                            if (original != null && !original.equals(row.getString("indexname"))) {
                                owner.execute("ALTER INDEX public." + row.getString("indexname") + " RENAME TO " + original);
                            }
                        }, table);
            }
            owner.update("DELETE FROM projection_rebuild WHERE processing_group = ?", projection);
            return true;
        }));
    }

    private static String normalized(String indexDefinition) {
        return indexDefinition.replaceFirst("INDEX \\S+ ON \\S+", "INDEX ON");
    }

    private static TenantId tenantOf(TrackedEventMessage<?> event) {
        if (event.getPayload() instanceof TenantScoped scoped && scoped.tenantId() != null) {
            return scoped.tenantId();
        }
        throw new IllegalStateException(event.getPayloadType().getSimpleName() + " names no tenant");
    }

    /**
     * The replay into the shadow tables, a page of events at a time, the page's position stored once its rows
     * are. The settled part of the stream (see {@link #settledAfter}) is read straight from
     * {@code domain_event_entry} by global index, a page ahead on a thread of its own while the page before is
     * handled and written; the rest, near the head, through the storage engine's gap-aware reads as a
     * processor reads it.
     */
    private final class ShadowReplay implements AutoCloseable {
        private final String projection;
        private final ExecutorService reader = Executors.newSingleThreadExecutor(task -> new Thread(task, "rebuild-reader"));
        private final ExecutorService writing = Executors.newFixedThreadPool(writers, new CustomizableThreadFactory("rebuild-writer-"));
        private final AnnotationEventHandlerAdapter handlers;
        private final Consumer<String> progress;
        private long position;
        private TrackingToken token;
        private long lastReport = System.nanoTime();
        private final long started = System.nanoTime();
        private long handledSinceStart;
        private final Phases phases = new Phases();

        ShadowReplay(String projection, Object shadow, Consumer<String> progress) {
            this.projection = projection;
            this.handlers = new AnnotationEventHandlerAdapter(shadow);
            this.progress = progress;
        }

        long upToHead(long from) {
            if (token == null || position != from) {
                position = from;
                token = null;
            }
            long head = Math.max(from, TenantScope.crossTenant(() -> app.queryForObject(
                    "SELECT coalesce(max(global_index), -1) FROM domain_event_entry", Long.class)));
            long handled = streamUpTo(settled());
            if (token == null || token.position().orElse(-1) != position) {
                token = position < 0 ? null : GapAwareTrackingToken.newInstance(position, List.of());
            }
            while (true) {
                long fetchStart = System.nanoTime();
                List<TrackedEventMessage<?>> page = new ArrayList<>(pageSize);
                events.readEvents(token, false).limit(pageSize).forEach(page::add);
                phases.fetch.add(System.nanoTime() - fetchStart);
                if (page.isEmpty()) {
                    return handled;
                }
                TrackingToken pageEnd = page.get(page.size() - 1).trackingToken();
                long pagePosition = pageEnd.position().orElse(position);
                apply(page.stream().filter(handlers::canHandle).toList(), pagePosition);
                token = pageEnd;
                handled += advance(pagePosition, page.size(), head);
            }
        }

        /**
         * The highest global index below which no event can still appear: that of the newest event older than
         * {@link #settledAfter} (a transaction still holding a lower index would have been open that long;
         * Axon's gap-aware reads give up waiting for such a gap after as long).
         */
        private long settled() {
            String before = DateTimeUtils.formatInstant(Instant.now().minus(settledAfter));
            return TenantScope.crossTenant(() -> app.queryForObject("SELECT coalesce(max(global_index), -1) "
                    + "FROM domain_event_entry WHERE global_index > ? AND time_stamp < ?", Long.class, position, before));
        }

        /** Pages of the settled stream up to {@code settled}, the next one read while this one is written. */
        private long streamUpTo(long settled) {
            if (position >= settled) {
                return 0;
            }
            long handled = 0;
            Future<Page> next = reader.submit(() -> read(position, settled));
            try {
                while (true) {
                    long waitStart = System.nanoTime();
                    Page page = awaited(next);
                    phases.waitForReads.add(System.nanoTime() - waitStart);
                    if (page.read() == 0) {
                        return handled;
                    }
                    next = reader.submit(() -> read(page.end(), settled));
                    apply(page.events(), page.end());
                    handled += advance(page.end(), page.read(), settled);
                }
            } finally {
                next.cancel(true);
            }
        }

        /**
         * One page of stored events after {@code after}, upcast and deserialized as the storage engine does,
         * keeping only those the projection handles.
         */
        private Page read(long after, long until) {
            long fetchStart = System.nanoTime();
            List<TrackedEventData<?>> rows = TenantScope.crossTenant(() -> app.query("SELECT global_index, type, "
                    + "aggregate_identifier, sequence_number, event_identifier, time_stamp, payload_type, "
                    + "payload_revision, payload, meta_data FROM domain_event_entry "
                    + "WHERE global_index > ? AND global_index <= ? ORDER BY global_index LIMIT ?",
                    (row, i) -> new TrackedDomainEventData<>(GapAwareTrackingToken.newInstance(row.getLong(1), List.of()),
                            new GenericDomainEventEntry<>(row.getString(2), row.getString(3), row.getLong(4),
                                    row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                                    row.getBytes(9), row.getBytes(10))),
                    after, until, pageSize));
            long deserializeStart = System.nanoTime();
            phases.fetch.add(deserializeStart - fetchStart);
            if (rows.isEmpty()) {
                return new Page(List.of(), 0, after);
            }
            List<TrackedEventMessage<?>> handled = EventUtils.upcastAndDeserializeTrackedEvents(rows.stream(),
                    eventSerializer, upcasters).filter(handlers::canHandle).toList();
            handled.forEach(TrackedEventMessage::getPayload);
            phases.deserialize.add(System.nanoTime() - deserializeStart);
            return new Page(handled, rows.size(), rows.get(rows.size() - 1).trackingToken().position().orElseThrow());
        }

        /**
         * The events of one page the projection handles, through its handlers, then the position reached. The
         * page's tenants are dealt to {@link ProjectionRebuild#writers} transactions that run at once (tenants'
         * rows never touch; each tenant's events stay in order, in one of them); the position is stored once all
         * have committed.
         * Interrupted in between, the rebuild resumes at the page's start and applies it again, as a processor
         * re-applies the events after its last token: the handlers are idempotent.
         */
        private void apply(List<TrackedEventMessage<?>> page, long pagePosition) {
            if (writers == 1 || page.size() < 2) {
                write(page, pagePosition);
                return;
            }
            List<List<TrackedEventMessage<?>>> shares = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                shares.add(new ArrayList<>(page.size() / writers + 1));
            }
            page.forEach(event -> shares.get(Math.floorMod(tenantOf(event).hashCode(), writers)).add(event));
            List<Future<?>> written = new ArrayList<>(writers);
            for (int i = 0; i < writers; i++) {
                List<TrackedEventMessage<?>> share = shares.get(i);
                if (!share.isEmpty()) {
                    written.add(writing.submit(() -> write(share, null)));
                }
            }
            written.forEach(ProjectionRebuild::awaited);
            write(List.of(), pagePosition);
        }

        /** Some of a page's events in one transaction, with the position reached when {@code pagePosition} is set. */
        private void write(List<TrackedEventMessage<?>> events, Long pagePosition) {
            long start = System.nanoTime();
            long handling = appTransaction.execute(status -> {
                // The projection's unqualified statements now write to the shadow tables, for this transaction only.
                // Its commit need not wait for the disk: a crash of the database loses the last transactions whole,
                // rows and position together (the log keeps their order), and the rebuild redoes them.
                app.queryForList("SELECT set_config('search_path', '" + SHADOW + ", public', true), "
                        + "set_config('synchronous_commit', 'off', true)");
                long handled = events.isEmpty() ? 0 : handle(events);
                if (pagePosition != null) {
                    app.update("UPDATE public.projection_rebuild SET position = ?, updated_at = now() "
                            + "WHERE processing_group = ?", pagePosition, projection);
                }
                return handled;
            });
            phases.handle.add(handling);
            phases.write.add(System.nanoTime() - start - handling);
        }

        /** Runs the handlers over {@code page}; answers the time they took (ns). */
        private long handle(List<TrackedEventMessage<?>> page) {
            long[] handling = {0};
            // A batch unit of work runs its task once per event, the event being its current message; its
            // commit sends the projection's statements (ProjectionWrites), inside this transaction.
            BatchingUnitOfWork<TrackedEventMessage<?>> batch = new BatchingUnitOfWork<>(page);
            ResultMessage<?> result = batch.executeWithResult(() -> {
                TrackedEventMessage<?> event = batch.getMessage();
                long handleStart = System.nanoTime();
                try {
                    return TenantScope.call(tenantOf(event), () -> {
                        try {
                            return handlers.handle(event);
                        } catch (Exception e) {
                            throw new IllegalStateException("rebuilding " + projection + " at event "
                                    + event.getIdentifier() + " (" + event.getPayloadType().getSimpleName() + ")", e);
                        }
                    });
                } finally {
                    handling[0] += System.nanoTime() - handleStart;
                }
            });
            if (result.isExceptional()) {
                Throwable failure = result.exceptionResult();
                throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
            }
            return handling[0];
        }

        /** Records that the events up to {@code pagePosition} are in the shadow; answers how many were read. */
        private long advance(long pagePosition, int read, long head) {
            position = pagePosition;
            handledSinceStart += read;
            report(head);
            return read;
        }

        @Override
        public void close() {
            reader.shutdownNow();
            writing.shutdownNow();
        }

        private void report(long head) {
            long now = System.nanoTime();
            if (now - lastReport < progressEveryNanos) {
                return;
            }
            lastReport = now;
            double rate = handledSinceStart / ((now - started) / 1e9);
            long left = Math.max(0, head - position);
            progress.accept(String.format("rebuild %s: at event %,d of %,d (%.0f%%), %,.0f events/s, ETA %s",
                    projection, position, head, head <= 0 ? 100.0 : 100.0 * position / head, rate,
                    rate <= 0 ? "unknown" : java.time.Duration.ofSeconds((long) (left / rate)).toString()
                            .substring(2).toLowerCase()));
        }
    }

    private static <T> T awaited(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rebuilding", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /** Events of one page the projection handles; how many were read; the global index of the last one read. */
    private record Page(List<TrackedEventMessage<?>> events, int read, long end) {
    }

    /**
     * Where a rebuild's time went, in seconds of each thread: reading events from the store and deserializing
     * them (the reader thread, alongside the rest), waiting for a page to be read, running the handlers and
     * writing (the statements, the position, the commits), summed over the writers.
     */
    static final class Phases {
        final LongAdder fetch = new LongAdder();
        final LongAdder deserialize = new LongAdder();
        final LongAdder waitForReads = new LongAdder();
        final LongAdder handle = new LongAdder();
        final LongAdder write = new LongAdder();

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "reading %.1f s and deserializing %.1f s (alongside), waiting for "
                    + "reads %.1f s, handling %.1f s and writing %.1f s (summed over the writers)", fetch.sum() / 1e9,
                    deserialize.sum() / 1e9, waitForReads.sum() / 1e9, handle.sum() / 1e9, write.sum() / 1e9);
        }
    }
}
