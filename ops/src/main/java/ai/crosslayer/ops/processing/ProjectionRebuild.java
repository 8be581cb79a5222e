package ai.crosslayer.ops.processing;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.TenantScoped;
import ai.crosslayer.ops.tenancy.TenantTransactionManager;
import ai.crosslayer.projections.ProjectionWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code rebuild <projection>}, online (issue 14). The projection's own handlers replay every event into
 * shadow tables (schema {@code crosslayer_rebuild}, same names, columns, keys, row-level security and grants,
 * put first on the search path of the rebuild's transactions) while the live tables keep serving; then one
 * transaction locks the live tables, drops them and moves the shadows in: a reader sees the old read model
 * or the new one, never an empty or half-built one.
 *
 * <p>Resumable: each batch's shadow rows and the position they reach ({@code projection_rebuild}) commit
 * together; running the command again continues from there. The live processor keeps running: the swap
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
    /** Events per transaction; and how often a progress line is written. Tests make them small. */
    int pageSize = 2_000;
    long progressEveryNanos = 3_000_000_000L;

    /** What a rebuild did. */
    public record Report(String projection, long events, double seconds) {
    }

    public ProjectionRebuild(ApplicationContext context, @Qualifier("ownerDataSource") DataSource ownerDataSource,
                             DataSource dataSource, TenantTransactionManager transactions, EventStorageEngine events,
                             DSLContext sql, ProcessorLag lag) {
        this.context = context;
        this.owner = new JdbcTemplate(ownerDataSource);
        this.ownerTransaction = new TransactionTemplate(new DataSourceTransactionManager(ownerDataSource));
        this.app = new JdbcTemplate(dataSource);
        this.appTransaction = new TransactionTemplate(transactions);
        this.transactions = transactions;
        this.events = events;
        this.sql = sql;
        this.lag = lag;
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
        ShadowReplay replay = new ShadowReplay(projection, shadowOf(live), progress);
        long handled = 0;
        for (int attempt = 0; ; attempt++) {
            handled += replay.upToHead(position);
            position = replay.position;
            if (swap(projection, tables, position)) {
                break;
            }
            if (attempt == SWAP_ATTEMPTS) {
                throw new IllegalStateException("the live " + projection + " processor kept moving ahead of the "
                        + "rebuild; its shadow tables and progress are kept: run rebuild again");
            }
        }
        return new Report(projection, handled, (System.nanoTime() - start) / 1e9);
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
                    .newInstance(sql, new ProjectionWrites(sql, transactions::bind));
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

    /** The replay into the shadow tables, batch by batch, each batch with its position in one transaction. */
    private final class ShadowReplay {
        private final String projection;
        private final AnnotationEventHandlerAdapter handlers;
        private final Consumer<String> progress;
        private long position;
        private TrackingToken token;
        private long lastReport = System.nanoTime();
        private final long started = System.nanoTime();
        private long handledSinceStart;

        ShadowReplay(String projection, Object shadow, Consumer<String> progress) {
            this.projection = projection;
            this.handlers = new AnnotationEventHandlerAdapter(shadow);
            this.progress = progress;
        }

        long upToHead(long from) {
            if (token == null || position != from) {
                position = from;
                token = from < 0 ? null : org.axonframework.eventhandling.GapAwareTrackingToken.newInstance(from, List.of());
            }
            long head = Math.max(from, TenantScope.crossTenant(() -> app.queryForObject(
                    "SELECT coalesce(max(global_index), -1) FROM domain_event_entry", Long.class)));
            long handled = 0;
            while (true) {
                List<TrackedEventMessage<?>> page = new ArrayList<>(pageSize);
                events.readEvents(token, false).limit(pageSize).forEach(page::add);
                if (page.isEmpty()) {
                    return handled;
                }
                TrackingToken pageEnd = page.get(page.size() - 1).trackingToken();
                long pagePosition = pageEnd.position().orElse(position);
                appTransaction.executeWithoutResult(status -> apply(page, pagePosition));
                token = pageEnd;
                position = pagePosition;
                handled += page.size();
                handledSinceStart += page.size();
                report(head);
            }
        }

        private void apply(List<TrackedEventMessage<?>> page, long pagePosition) {
            // The projection's unqualified statements now write to the shadow tables, for this transaction only.
            app.execute("SET LOCAL search_path = " + SHADOW + ", public");
            // A batch unit of work runs its task once per event, the event being its current message; its
            // commit sends the projection's statements (ProjectionWrites), inside this transaction.
            BatchingUnitOfWork<TrackedEventMessage<?>> batch = new BatchingUnitOfWork<>(page);
            ResultMessage<?> result = batch.executeWithResult(() -> {
                TrackedEventMessage<?> event = batch.getMessage();
                if (!handlers.canHandle(event)) {
                    return null;
                }
                return TenantScope.call(tenantOf(event), () -> {
                    try {
                        return handlers.handle(event);
                    } catch (Exception e) {
                        throw new IllegalStateException("rebuilding " + projection + " at event "
                                + event.getIdentifier() + " (" + event.getPayloadType().getSimpleName() + ")", e);
                    }
                });
            });
            if (result.isExceptional()) {
                Throwable failure = result.exceptionResult();
                throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
            }
            app.update("UPDATE public.projection_rebuild SET position = ?, updated_at = now() WHERE processing_group = ?",
                    pagePosition, projection);
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
}
