package ai.crosslayer.query.audit;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import static ai.crosslayer.query.audit.AuditTables.*;

/**
 * Reads a tenant's audit log — its events with their chain, and its checkpoints — straight from the
 * event store (the log is the store). Whole-log reads run in one read-only transaction on one
 * connection with a server-side cursor, so an export of millions of events holds one batch in memory.
 */
@Component
public class AuditLog {

    private static final int CURSOR_BATCH = 1000;

    private final DataSource dataSource;
    private final DSLContext sql;

    public AuditLog(DataSource dataSource, DSLContext sql) {
        this.dataSource = dataSource;
        this.sql = sql;
    }

    /** What an auditor may ask for; every filter is optional. */
    public record Filter(long afterSequence, int limit, Instant since, Instant until, String type, String actor,
                         String aggregate) {
    }

    /** One page of the tenant's log, in sequence order. Blocking. */
    public List<AuditChain.StoredEvent> page(TenantId tenant, Filter filter) {
        return inTenantTransaction(tenant, db -> db.select(columns()).from(EVENTS)
                .where(conditions(tenant, filter))
                .orderBy(SEQUENCE).limit(filter.limit())
                .fetch(AuditLog::stored));
    }

    /**
     * Hands every event of the tenant to {@code each}, in sequence order, from one consistent snapshot,
     * after handing over the checkpoints and the head. Blocking; constant memory.
     */
    public void stream(TenantId tenant, Consumer<Head> head, Consumer<AuditChain.Checkpoint> checkpoints,
                       Consumer<AuditChain.StoredEvent> events) {
        stream(tenant, Long.MAX_VALUE, head, checkpoints, events);
    }

    /**
     * As {@link #stream(TenantId, Consumer, Consumer, Consumer)}, up to event {@code through} (an export
     * ends at the checkpoint it had signed first); the head handed over is then at most {@code through}.
     */
    public void stream(TenantId tenant, long through, Consumer<Head> head, Consumer<AuditChain.Checkpoint> checkpoints,
                       Consumer<AuditChain.StoredEvent> events) {
        inTenantTransaction(tenant, db -> {
            head.accept(new Head(tenant.value(), Math.min(through, db.select(HEAD_SEQUENCE).from(TENANTS)
                    .where(TENANT.eq(tenant.value())).fetchOptional(HEAD_SEQUENCE).orElse(0L))));
            db.select(SEQUENCE, HEAD_HASH, SIGNED_AT, KEY_ID, SIGNATURE, TREE_ROOT).from(CHECKPOINTS)
                    .where(TENANT.eq(tenant.value()).and(SEQUENCE.le(through))).orderBy(SEQUENCE)
                    .forEach(r -> checkpoints.accept(checkpoint(tenant.value(), r)));
            try (Cursor<Record> cursor = db.select(columns()).from(EVENTS)
                    .where(TENANT.eq(tenant.value()).and(SEQUENCE.le(through)))
                    .orderBy(SEQUENCE).fetchSize(CURSOR_BATCH).fetchLazy()) {
                for (Record record : cursor) {
                    events.accept(stored(record));
                }
            }
            return null;
        });
    }

    /** Recomputes the tenant's whole chain and checks every checkpoint against the trusted keys. */
    public AuditChain.Report verify(TenantId tenant, Collection<byte[]> trustedKeys) {
        return verify(tenant, trustedKeys, List.of());
    }

    /**
     * As {@link #verify(TenantId, Collection)}, with checkpoints read from a witness outside the database
     * as trusted anchors: each must be in the database too, and agree with the event it covers.
     */
    public AuditChain.Report verify(TenantId tenant, Collection<byte[]> trustedKeys,
                                    Collection<AuditChain.Checkpoint> witnessed) {
        AuditChain.Verifier verifier = new AuditChain.Verifier(tenant.value(), trustedKeys);
        witnessed.forEach(verifier::witnessed);
        long[] head = {0};
        stream(tenant, h -> head[0] = h.sequence(), verifier::checkpoint, verifier::event);
        return verifier.report(head[0]);
    }

    /** The tenant's signed checkpoints, oldest first. Blocking. */
    public List<AuditChain.Checkpoint> checkpoints(TenantId tenant) {
        return inTenantTransaction(tenant, db -> db.select(SEQUENCE, HEAD_HASH, SIGNED_AT, KEY_ID, SIGNATURE, TREE_ROOT)
                .from(CHECKPOINTS).where(TENANT.eq(tenant.value())).orderBy(SEQUENCE)
                .fetch(r -> checkpoint(tenant.value(), r)));
    }

    /** A checkpoint from a row of (sequence, head hash, signed at, key id, signature, tree root). */
    public static AuditChain.Checkpoint checkpoint(String tenant, org.jooq.Record6<Long, byte[], String, String, byte[], byte[]> r) {
        return new AuditChain.Checkpoint(tenant, r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6());
    }

    /**
     * Works out something from the tenant's Merkle tree (a proof) in one read-only transaction: the work
     * gets the tree's stored perfect subtrees, and the size of the largest tree a checkpoint signed.
     */
    public <T> T withTree(TenantId tenant, java.util.function.BiFunction<AuditMerkle.Nodes, Long, T> work) {
        return inTenantTransaction(tenant, db -> {
            long signedSize = db.select(DSL.max(SEQUENCE)).from(CHECKPOINTS)
                    .where(TENANT.eq(tenant.value()).and(TREE_ROOT.isNotNull())).fetchOptional(0, Long.class).orElse(0L);
            java.util.Map<Long, byte[]> read = new java.util.HashMap<>();
            AuditMerkle.Nodes nodes = (level, index) -> read.computeIfAbsent(((long) level << 56) | index,
                    key -> db.select(HASH).from(MERKLE_NODES).where(TENANT.eq(tenant.value())
                                    .and(LEVEL.eq((short) level)).and(NODE_INDEX.eq(index)))
                            .fetchOptional(HASH).orElseThrow(() -> new IllegalStateException(
                                    "the Merkle tree of tenant " + tenant + " lacks node " + level + "/" + index)));
            return work.apply(nodes, signedSize);
        });
    }

    /**
     * What the dashboard shows of the tenant's log: its last event's sequence, the last signed checkpoint (or
     * none), and how many events of each aggregate type were appended per UTC day since {@code since}. Blocking.
     */
    public Summary summary(TenantId tenant, Instant since) {
        return inTenantTransaction(tenant, db -> {
            long head = db.select(DSL.max(SEQUENCE)).from(EVENTS).where(TENANT.eq(tenant.value()))
                    .fetchOptional(0, Long.class).orElse(0L);
            AuditChain.Checkpoint last = db.select(SEQUENCE, HEAD_HASH, SIGNED_AT, KEY_ID, SIGNATURE, TREE_ROOT)
                    .from(CHECKPOINTS).where(TENANT.eq(tenant.value())).orderBy(SEQUENCE.desc()).limit(1)
                    .fetchOptional(r -> checkpoint(tenant.value(), r)).orElse(null);
            Field<java.sql.Date> day = DSL.field("(({0})::timestamptz at time zone 'UTC')::date", java.sql.Date.class, TIME_STAMP);
            Field<String> kind = DSL.coalesce(AGGREGATE_TYPE, DSL.inline("Event"));
            List<DayCount> perDay = db.select(day, kind, DSL.count())
                    .from(EVENTS)
                    .where(TENANT.eq(tenant.value()))
                    .and(DSL.field("{0}::timestamptz", OffsetDateTime.class, TIME_STAMP)
                            .ge(OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC)))
                    .groupBy(day, kind).orderBy(day, kind)
                    .fetch(r -> new DayCount(r.value1().toLocalDate(), r.value2(), r.value3()));
            return new Summary(head, last, perDay);
        });
    }

    /** The tenant's log at a glance: see {@link #summary}. {@code lastCheckpoint} is null when none was signed. */
    public record Summary(long headSequence, AuditChain.Checkpoint lastCheckpoint, List<DayCount> perDay) {

        /** Events after the last checkpoint: not yet vouched for by a signature. */
        public long eventsNotCovered() {
            return headSequence - (lastCheckpoint == null ? 0 : lastCheckpoint.tenantSequence());
        }
    }

    /** How many events of one kind (aggregate type) were appended on one UTC day. */
    public record DayCount(java.time.LocalDate day, String kind, long count) {
    }

    /** The chain head the store records for a tenant. */
    public record Head(String tenantId, long sequence) {
    }

    /** Every column of an event the verifier needs, in the order {@link #stored} reads them. */
    public static List<Field<?>> columns() {
        return List.of(TENANT, SEQUENCE, GLOBAL_INDEX, EVENT_ID, PAYLOAD_TYPE, PAYLOAD_REVISION, TIME_STAMP,
                AGGREGATE_TYPE, AGGREGATE_ID, AGGREGATE_SEQUENCE, PAYLOAD, META_DATA, PREV_HASH, HASH, APPENDED_AT);
    }

    public static AuditChain.StoredEvent stored(Record r) {
        return new AuditChain.StoredEvent(r.get(TENANT), r.get(SEQUENCE), r.get(GLOBAL_INDEX), r.get(EVENT_ID),
                r.get(PAYLOAD_TYPE), r.get(PAYLOAD_REVISION), r.get(TIME_STAMP), r.get(AGGREGATE_TYPE),
                r.get(AGGREGATE_ID), r.get(AGGREGATE_SEQUENCE), r.get(PAYLOAD), r.get(META_DATA), r.get(PREV_HASH),
                r.get(HASH), r.get(APPENDED_AT));
    }

    private static Condition conditions(TenantId tenant, Filter filter) {
        Condition where = TENANT.eq(tenant.value()).and(SEQUENCE.gt(filter.afterSequence()));
        // time_stamp is ISO-8601 text of varying precision: compare it as a timestamp, not as text.
        Field<OffsetDateTime> at = DSL.field("{0}::timestamptz", OffsetDateTime.class, TIME_STAMP);
        if (filter.since() != null) {
            where = where.and(at.ge(OffsetDateTime.ofInstant(filter.since(), java.time.ZoneOffset.UTC)));
        }
        if (filter.until() != null) {
            where = where.and(at.lt(OffsetDateTime.ofInstant(filter.until(), java.time.ZoneOffset.UTC)));
        }
        if (filter.type() != null) {
            where = where.and(PAYLOAD_TYPE.eq(filter.type()).or(PAYLOAD_TYPE.endsWith("." + filter.type())));
        }
        if (filter.actor() != null) {
            where = where.and(DSL.condition("convert_from({0}, 'UTF8')::jsonb ->> 'actor' = {1}", META_DATA,
                    DSL.val(filter.actor())));
        }
        if (filter.aggregate() != null) {
            where = where.and(AGGREGATE_ID.eq(filter.aggregate()));
        }
        return where;
    }

    /**
     * A read-only transaction of its own, on its own connection, bound to the tenant: the tenant's scope
     * for the guard, and {@code crosslayer.tenant_id} for row-level security.
     */
    private <T> T inTenantTransaction(TenantId tenant, java.util.function.Function<DSLContext, T> work) {
        return TenantScope.call(tenant, () -> {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
                // REPEATABLE READ: the checkpoints, head and events of one export come from one snapshot.
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                DSLContext db = sql.configuration().derive(new DefaultConnectionProvider(connection)).dsl();
                try {
                    db.select(DSL.field("set_config('crosslayer.tenant_id', {0}, true)", String.class,
                            DSL.val(tenant.value()))).fetch();
                    return work.apply(db);
                } finally {
                    connection.rollback();
                    connection.setReadOnly(false);
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not read the audit log of tenant " + tenant, e);
            }
        });
    }
}
