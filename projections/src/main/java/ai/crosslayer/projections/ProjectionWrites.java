package ai.crosslayer.projections;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Row;
import org.jooq.RowN;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;

import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 *
 * <p>A rebuild's instance ({@link #forRebuild}) also merges {@linkplain #forward forward-only writes}: a run of
 * them, with no other statement of the tenant in between, goes out as one statement per
 * {@value #ROWS_PER_STATEMENT} rows, each key once with the greatest of its values. That is the run's result in
 * any order: each of them only moves one row's value up to its own, so they commute, and two on one row leave the
 * greater. Anything else (a member removed between two sign-ins) ends the run, keeping the tenant's order. It
 * merges a run of same-shaped single-row {@code INSERT … ON CONFLICT DO NOTHING} (members joining) the same way, into
 * one multi-row insert (see {@link #mergeableInsert}). The live processors send them one by one, so that a failing
 * one is still its own event's.
 */
public final class ProjectionWrites {

    /** How long statements run one by one after a batch failed: long enough for the retry to pass them. */
    static final Duration ONE_BY_ONE_AFTER_FAILURE = Duration.ofMinutes(1);
    private static final String PENDING = ProjectionWrites.class.getName() + ".pending";
    private static final String BATCHING = ProjectionWrites.class.getName() + ".batching";

    /** Rows per merged statement (forward-only writes, inserts): well below PostgreSQL's 32,767 bind values. */
    static final int ROWS_PER_STATEMENT = 1_000;
    /** Bind values a merged insert may carry: below PostgreSQL's limit of 32,767 per statement. */
    private static final int BIND_VALUES_PER_STATEMENT = 30_000;

    private final DSLContext sql;
    private final Consumer<TenantId> bindTransaction;
    private final boolean merging;
    private volatile long oneByOneUntil = System.nanoTime();

    /**
     * @param bindTransaction binds the transaction in progress to a tenant for row-level security (the
     *                        composition root's transaction manager)
     */
    public ProjectionWrites(DSLContext sql, Consumer<TenantId> bindTransaction) {
        this(sql, bindTransaction, false);
    }

    private ProjectionWrites(DSLContext sql, Consumer<TenantId> bindTransaction, boolean merging) {
        this.sql = sql;
        this.bindTransaction = bindTransaction;
        this.merging = merging;
    }

    /** For {@code rebuild}: as the constructor, and runs of forward-only writes and of inserts are merged (see above). */
    public static ProjectionWrites forRebuild(DSLContext sql, Consumer<TenantId> bindTransaction) {
        return new ProjectionWrites(sql, bindTransaction, true);
    }

    /** Runs {@code query} as part of the current batch, in the current event's tenant. */
    public void add(Query query) {
        if (!CurrentUnitOfWork.isStarted()) {
            query.execute();
            return;
        }
        TenantId tenant = tenant();
        if (!batching()) {
            bindTransaction.accept(tenant);
            executeAlone(query);
            return;
        }
        pending(tenant).add(query);
    }

    /**
     * Moves {@code field} of the row whose {@code key} columns hold the given values forward to {@code value}:
     * {@code UPDATE table SET field = value WHERE key AND (field IS NULL OR field < value)}. No row, or one
     * already at or past {@code value}, stays as it is.
     */
    public <R extends Record, T> void forward(TableField<R, T> field, T value, Map<? extends TableField<R, ?>, ?> key) {
        Forward forward = new Forward(field, Objects.requireNonNull(value, "value"), byColumnOrder(key));
        if (merging && batching()) {
            pending(tenant()).add(forward);
        } else {
            add(statement(List.of(forward)));
        }
    }

    private TenantId tenant() {
        return TenantScope.current().orElseThrow(() ->
                new IllegalStateException("a projection writes inside its event's tenant scope"));
    }

    private List<Object> pending(TenantId tenant) {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        Map<TenantId, List<Object>> pending = batch.getOrComputeResource(PENDING, key -> {
            Map<TenantId, List<Object>> byTenant = new LinkedHashMap<>();
            batch.onPrepareCommit(unitOfWork -> flush(byTenant));
            return byTenant;
        });
        return pending.computeIfAbsent(tenant, t -> new ArrayList<>());
    }

    private static <R extends Record> Map<TableField<R, ?>, ?> byColumnOrder(Map<? extends TableField<R, ?>, ?> key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a forward write names its row");
        }
        Map<TableField<R, ?>, Object> ordered = new LinkedHashMap<>();
        key.keySet().stream().sorted(Comparator.comparingInt(column -> column.getTable().indexOf(column)))
                .forEach(column -> ordered.put(column, Objects.requireNonNull(key.get(column), column.getName())));
        return ordered;
    }

    /**
     * A forward-only write, waiting to be merged with others of its shape (same column, same key columns).
     * Keys and values are kept as given; the statement is made when the batch is sent.
     */
    private record Forward(TableField<?, ?> field, Object value, Map<? extends TableField<?, ?>, ?> key) {
        boolean sameShape(Forward other) {
            return field.equals(other.field) && key.keySet().equals(other.key.keySet());
        }
    }

    /**
     * One statement for forward writes of one shape. One alone: a plain UPDATE. Several: {@code UPDATE table SET
     * field = merged.value FROM (SELECT key, max(value) FROM (VALUES …) GROUP BY key) merged WHERE …}, each row
     * once, to the greatest of its values; row-level security checks every row it writes, as for one alone.
     */
    @SuppressWarnings("unchecked")
    private <T> Query statement(List<Forward> run) {
        Forward first = run.get(0);
        TableField<?, T> field = (TableField<?, T>) first.field();
        List<TableField<?, ?>> keyColumns = new ArrayList<>(first.key().keySet());
        if (run.size() == 1) {
            Condition where = DSL.noCondition();
            for (TableField<?, ?> column : keyColumns) {
                where = where.and(equal(column, DSL.val(first.key().get(column), column)));
            }
            Field<T> value = DSL.val(first.value(), field);
            return sql.update(field.getTable()).set(field, value)
                    .where(where).and(field.isNull().or(field.lt(value)));
        }
        // A key column that holds one value throughout the run (the tenant's) is compared with it directly, so that
        // the statement names its tenant as one alone does: the tenant guard checks it, row-level security too.
        Condition where = DSL.noCondition();
        List<TableField<?, ?>> varying = new ArrayList<>();
        for (TableField<?, ?> column : keyColumns) {
            Object value = first.key().get(column);
            if (run.stream().allMatch(forward -> value.equals(forward.key().get(column)))) {
                where = where.and(equal(column, DSL.val(value, column)));
            } else {
                varying.add(column);
            }
        }
        List<String> names = new ArrayList<>();
        varying.forEach(column -> names.add(column.getName()));
        names.add("merged_value");
        RowN[] rows = run.stream().map(forward -> {
            List<Field<?>> values = new ArrayList<>();
            varying.forEach(column -> values.add(DSL.val(forward.key().get(column), column)));
            values.add(DSL.val(forward.value(), field));
            return DSL.row(values);
        }).toArray(RowN[]::new);
        Table<?> given = DSL.values(rows).as("given", names.toArray(String[]::new));
        List<Field<?>> selected = new ArrayList<>();
        varying.forEach(column -> selected.add(given.field(column.getName())));
        selected.add(DSL.max(given.field("merged_value", field.getDataType())).as("merged_value"));
        Table<?> merged = DSL.select(selected).from(given).groupBy(selected.subList(0, varying.size()))
                .asTable("merged");
        for (TableField<?, ?> column : varying) {
            where = where.and(equal(column, merged.field(column.getName())));
        }
        Field<T> value = merged.field("merged_value", field.getDataType());
        return sql.update(field.getTable()).set(field, value).from(merged)
                .where(where).and(field.isNull().or(field.lt(value)));
    }

    /**
     * Whether a rebuild may send {@code insert} together with others of its shape: one row of values, {@code ON CONFLICT
     * DO NOTHING}, nothing returned. Such a run as one {@code INSERT … VALUES (…), (…) ON CONFLICT DO NOTHING} leaves
     * what the statements one by one leave, in order: PostgreSQL inserts the rows in the order given, and a row whose
     * key is already there, in the table or earlier in the same statement, is skipped, as the later of two statements
     * would skip it. Row-level security checks every row, and the tenant guard every row's tenant.
     */
    private boolean mergeableInsert(QOM.Insert<?> insert) {
        return merging && insert.$onDuplicateKeyIgnore() && !insert.$onDuplicateKeyUpdate() && insert.$select() == null
                && !insert.$defaultValues() && insert.$values().size() == 1 && insert.$updateSet().isEmpty();
    }

    /** Rows per merged insert: {@value #ROWS_PER_STATEMENT}, fewer for wide rows, within PostgreSQL's bind values. */
    private static int rowsPerInsert(Query insert) {
        return Math.max(1, Math.min(ROWS_PER_STATEMENT, BIND_VALUES_PER_STATEMENT / Math.max(1, insert.getBindValues().size())));
    }

    /** Inserts of one shape (see {@link #mergeableInsert}) as one: the first one's, with every one's row in order. */
    private Query inserting(List<Object> run) {
        if (run.size() == 1) {
            return (Query) run.get(0);
        }
        List<Row> rows = new ArrayList<>(run.size());
        run.forEach(insert -> rows.addAll(((QOM.Insert<?>) insert).$values()));
        Query merged = ((QOM.Insert<?>) run.get(0)).$values(rows);
        sql.attach(merged);
        return merged;
    }

    @SuppressWarnings("unchecked")
    private static <T> Condition equal(Field<T> column, Field<?> value) {
        return column.eq((Field<T>) value);
    }

    /**
     * A tenant's pending writes as statements: each run of forward writes of one shape merged (see above), and each
     * run of {@linkplain #mergeableInsert inserts that skip a row already there} of one shape, as one multi-row
     * insert per {@link #rowsPerInsert} rows.
     */
    private List<Query> statements(List<Object> pending) {
        List<Query> queries = new ArrayList<>(pending.size());
        int first = 0;
        while (first < pending.size()) {
            if (pending.get(first) instanceof QOM.Insert<?> insert && mergeableInsert(insert)) {
                String shape = insert.getSQL();
                int end = first + 1;
                while (end < pending.size() && pending.get(end) instanceof QOM.Insert<?> next && mergeableInsert(next)
                        && next.getSQL().equals(shape)) {
                    end++;
                }
                int rows = rowsPerInsert(insert);
                for (int from = first; from < end; from += rows) {
                    queries.add(inserting(pending.subList(from, Math.min(end, from + rows))));
                }
                first = end;
                continue;
            }
            if (!(pending.get(first) instanceof Forward)) {
                queries.add((Query) pending.get(first++));
                continue;
            }
            int end = first;
            while (end < pending.size() && pending.get(end) instanceof Forward) {
                end++;
            }
            // The run, shape by shape: any two forward writes commute, whatever their shapes.
            Map<Forward, List<Forward>> byShape = new LinkedHashMap<>();
            for (Object write : pending.subList(first, end)) {
                Forward forward = (Forward) write;
                byShape.keySet().stream().filter(forward::sameShape).findFirst()
                        .ifPresentOrElse(shape -> byShape.get(shape).add(forward),
                                () -> byShape.put(forward, new ArrayList<>(List.of(forward))));
            }
            for (List<Forward> run : byShape.values()) {
                for (int from = 0; from < run.size(); from += ROWS_PER_STATEMENT) {
                    queries.add(statement(run.subList(from, Math.min(run.size(), from + ROWS_PER_STATEMENT))));
                }
            }
            first = end;
        }
        return queries;
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
        String[] shapes = new String[queries.size()];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = queries.get(i).getSQL();
        }
        int first = 0;
        while (first < queries.size()) {
            int end = first + 1;
            while (end < queries.size() && shapes[end].equals(shapes[first])) {
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

    private void flush(Map<TenantId, List<Object>> pending) {
        try {
            pending.forEach((tenant, writes) -> TenantScope.run(tenant, () -> {
                bindTransaction.accept(tenant);
                send(statements(writes));
            }));
        } catch (RuntimeException e) {
            oneByOneUntil = System.nanoTime() + ONE_BY_ONE_AFTER_FAILURE.toNanos();
            throw e;
        }
    }
}
