package ai.crosslayer.command.skill.store;

import ai.crosslayer.command.integration.store.MasterKeys;
import ai.crosslayer.command.support.LeaseQueue;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * The {@code slack_inbox} table: accepted Slack events waiting for their work, their text sealed to the
 * master key. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and a lease, so any number of workers on
 * any number of nodes share them, and a worker that dies leaves its rows to be claimed again.
 */
@Component
public class SlackInbox {

    /** An accepted event: what the worker needs, the text still in the clear only until it is sealed. */
    public record Entry(String eventId, String kind, String teamId, String channelId, String userId, String messageTs,
                        String threadTs, String text) {
    }

    /** A claimed row, its text opened for the worker. */
    public record Claimed(TenantId tenantId, Entry entry, int attempts) {
    }

    private static final Table<Record> INBOX = table(name("slack_inbox"));
    private static final Table<Record> RECEIPTS = table(name("slack_event_receipt"));
    private static final Field<String> TENANT = field(name("tenant_id"), String.class);
    private static final Field<String> EVENT = field(name("event_id"), String.class);
    private static final Field<String> KIND = field(name("event_kind"), String.class);
    private static final Field<String> TEAM = field(name("team_id"), String.class);
    private static final Field<String> CHANNEL = field(name("channel_id"), String.class);
    private static final Field<String> USER = field(name("user_id"), String.class);
    private static final Field<String> TS = field(name("message_ts"), String.class);
    private static final Field<String> THREAD = field(name("thread_ts"), String.class);
    private static final Field<String> KEY = field(name("key_id"), String.class);
    private static final Field<byte[]> SEALED = field(name("sealed_text"), byte[].class);
    private static final Field<OffsetDateTime> RECEIVED = field(name("received_at"), OffsetDateTime.class);
    private static final Field<Integer> ATTEMPTS = field(name("attempts"), Integer.class);
    private static final Field<OffsetDateTime> NOT_BEFORE = field(name("not_before"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> CLAIMED_UNTIL = field(name("claimed_until"), OffsetDateTime.class);
    private static final Field<String> LAST_ERROR = field(name("last_error"), String.class);
    private static final Field<Boolean> TRIAGED = field(name("triaged"), Boolean.class);

    private final DSLContext sql;
    private final MasterKeys keys;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final LeaseQueue queue;

    SlackInbox(DSLContext sql, MasterKeys keys, TransactionTemplate transactions, Clock clock) {
        this.sql = sql;
        this.keys = keys;
        this.transactions = transactions;
        this.clock = clock;
        this.queue = new LeaseQueue(sql, transactions, INBOX, EVENT);
    }

    /**
     * Commits {@code entry} to the tenant's inbox, once per event id: {@code false} for an event id already
     * accepted (a Slack retry), which is then not stored again. Blocking.
     */
    public boolean accept(TenantId tenant, Entry entry) {
        OffsetDateTime now = now();
        return TenantScope.call(tenant, () -> transactions.execute(status -> {
            int receipt = sql.insertInto(RECEIPTS, TENANT, EVENT, RECEIVED)
                    .values(tenant.value(), entry.eventId(), now)
                    .onConflictDoNothing()
                    .execute();
            if (receipt == 0) {
                return false;
            }
            sql.insertInto(INBOX, TENANT, EVENT, KIND, TEAM, CHANNEL, USER, TS, THREAD, KEY, SEALED, RECEIVED, NOT_BEFORE)
                    .values(tenant.value(), entry.eventId(), entry.kind(), entry.teamId(), entry.channelId(),
                            entry.userId(), entry.messageTs(), entry.threadTs(), keys.currentKeyId(),
                            keys.seal(entry.text().getBytes(StandardCharsets.UTF_8)), now, now)
                    .execute();
            return true;
        }));
    }

    /** Records an event id as accepted without storing anything else (an event that needs no work). */
    public boolean acknowledge(TenantId tenant, String eventId) {
        return TenantScope.call(tenant, () -> transactions.execute(status -> sql.insertInto(RECEIPTS, TENANT, EVENT, RECEIVED)
                .values(tenant.value(), eventId, now())
                .onConflictDoNothing()
                .execute() > 0));
    }

    /** How many of the tenant's rows wait for work (the slash command's status). */
    public long waiting(TenantId tenant) {
        return TenantScope.call(tenant, () -> transactions.execute(status -> (long) sql.fetchCount(
                sql.selectOne().from(INBOX).where(TENANT.eq(tenant.value())))));
    }

    /** What one triage pass did with the rows it took: deleted unworked, or kept for the worker pool. */
    public record Triage(int discarded, int kept) {
        public int taken() {
            return discarded + kept;
        }
    }

    /** Tenants with rows not yet triaged. Cross-tenant by nature: it reads ids only. */
    public List<TenantId> tenantsToTriage() {
        return TenantScope.crossTenant(() -> sql.selectDistinct(TENANT).from(INBOX)
                .where(TRIAGED.isFalse())
                .limit(1000)
                .fetch(TENANT)).stream().map(TenantId::new).toList();
    }

    /**
     * Takes up to {@code batch} of the tenant's untriaged rows, oldest first (skipping rows another worker holds),
     * opens them, and in the same transaction deletes in one statement those {@code needsWork} turns down and marks
     * the rest triaged, for {@link #claim}. A crash rolls the pass back: the rows are triaged again.
     */
    public Triage triage(TenantId tenant, int batch, Predicate<Entry> needsWork) {
        return TenantScope.call(tenant, () -> transactions.execute(status -> {
            var rows = sql.select(EVENT, KIND, TEAM, CHANNEL, USER, TS, THREAD, KEY, SEALED).from(INBOX)
                    .where(TENANT.eq(tenant.value())).and(TRIAGED.isFalse())
                    .orderBy(RECEIVED)
                    .limit(batch)
                    .forUpdate().skipLocked()
                    .fetch();
            List<String> discarded = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            for (var row : rows) {
                String text = new String(keys.open(row.get(KEY), row.get(SEALED)), StandardCharsets.UTF_8);
                Entry entry = new Entry(row.get(EVENT), row.get(KIND), row.get(TEAM), row.get(CHANNEL), row.get(USER),
                        row.get(TS), row.get(THREAD), text);
                (needsWork.test(entry) ? kept : discarded).add(row.get(EVENT));
            }
            if (!discarded.isEmpty()) {
                sql.deleteFrom(INBOX).where(TENANT.eq(tenant.value())).and(EVENT.in(discarded)).execute();
            }
            if (!kept.isEmpty()) {
                sql.update(INBOX).set(TRIAGED, true).where(TENANT.eq(tenant.value())).and(EVENT.in(kept)).execute();
            }
            return new Triage(discarded.size(), kept.size());
        }));
    }

    /** How deep the inbox is, all tenants: rows waiting, and when the oldest of them arrived (null: none). */
    public record Depth(long rows, Instant oldest) {
    }

    /** The inbox's depth, all tenants (for the gauges). Cross-tenant by nature: it reads ids and times only. */
    public Depth depth() {
        var row = TenantScope.crossTenant(() -> sql.select(DSL.count(TENANT), DSL.min(RECEIVED)).from(INBOX).fetchOne());
        OffsetDateTime oldest = row == null ? null : row.value2();
        return new Depth(row == null ? 0 : row.value1(), oldest == null ? null : oldest.toInstant());
    }

    /** Tenants with triaged rows due for work. Cross-tenant by nature: it reads ids and times only. */
    public List<TenantId> tenantsWithWork() {
        return queue.tenantsWithDue(now(), TRIAGED.isTrue());
    }

    /** Tenants with anything older than {@code maxAge} (rows or receipts). */
    public List<TenantId> tenantsWithExpired(Duration maxAge) {
        OffsetDateTime cutoff = now().minus(maxAge);
        return TenantScope.crossTenant(() -> sql.selectDistinct(TENANT).from(RECEIPTS)
                .where(RECEIVED.lt(cutoff)).limit(1000).fetch(TENANT)).stream().map(TenantId::new).toList();
    }

    /** Claims up to {@code batch} triaged due rows of the tenant for {@code lease}; their texts are opened. */
    public List<Claimed> claim(TenantId tenant, int batch, Duration lease) {
        OffsetDateTime now = now();
        return TenantScope.call(tenant, () -> transactions.execute(status -> {
            var rows = sql.select(EVENT, KIND, TEAM, CHANNEL, USER, TS, THREAD, KEY, SEALED, ATTEMPTS).from(INBOX)
                    .where(TENANT.eq(tenant.value())).and(TRIAGED.isTrue()).and(queue.due(now))
                    .orderBy(RECEIVED)
                    .limit(batch)
                    .forUpdate().skipLocked()
                    .fetch();
            return rows.map(row -> {
                sql.update(INBOX).set(CLAIMED_UNTIL, now.plus(lease)).set(ATTEMPTS, row.get(ATTEMPTS) + 1)
                        .where(TENANT.eq(tenant.value())).and(EVENT.eq(row.get(EVENT)))
                        .execute();
                String text = new String(keys.open(row.get(KEY), row.get(SEALED)), StandardCharsets.UTF_8);
                return new Claimed(tenant, new Entry(row.get(EVENT), row.get(KIND), row.get(TEAM), row.get(CHANNEL),
                        row.get(USER), row.get(TS), row.get(THREAD), text), row.get(ATTEMPTS) + 1);
            });
        }));
    }

    /**
     * The row's work is done: it is deleted (its receipt stays until it ages out). Joins the caller's transaction
     * when there is one (the Skill aggregate deletes the row in the transaction that records its skill).
     */
    public void done(TenantId tenant, String eventId) {
        TenantScope.run(tenant, () -> transactions.executeWithoutResult(status -> sql.deleteFrom(INBOX)
                .where(TENANT.eq(tenant.value())).and(EVENT.eq(eventId)).execute()));
    }

    /** The row was claimed but not worked after all (no worker was free): it is due again, its try not counted. */
    public void release(TenantId tenant, String eventId) {
        queue.release(tenant, eventId);
    }

    /** The row's work failed for now: it waits until {@code notBefore}, then any worker may claim it again. */
    public void retryLater(TenantId tenant, String eventId, Instant notBefore, String error) {
        TenantScope.run(tenant, () -> transactions.executeWithoutResult(status -> sql.update(INBOX)
                .set(NOT_BEFORE, notBefore.atOffset(ZoneOffset.UTC))
                .setNull(CLAIMED_UNTIL)
                .set(LAST_ERROR, error.length() > 500 ? error.substring(0, 500) : error)
                .where(TENANT.eq(tenant.value())).and(EVENT.eq(eventId))
                .execute()));
    }

    /** Deletes the tenant's rows and receipts older than {@code maxAge}, worked or not; answers how many rows. */
    public int purge(TenantId tenant, Duration maxAge) {
        OffsetDateTime cutoff = now().minus(maxAge);
        return TenantScope.call(tenant, () -> transactions.execute(status -> {
            int rows = sql.deleteFrom(INBOX).where(TENANT.eq(tenant.value())).and(RECEIVED.lt(cutoff)).execute();
            sql.deleteFrom(RECEIPTS).where(TENANT.eq(tenant.value())).and(RECEIVED.lt(cutoff)).execute();
            return rows;
        }));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
