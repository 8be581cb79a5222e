package ai.crosslayer.command.signal.store;

import ai.crosslayer.command.support.LeaseQueue;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.signal.SignalId;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * The {@code signal_outbox} table. Rows are written and removed as the Signal aggregate records its events (in
 * their transactions, by {@code SignalOutboxUpdates}), and claimed by dispatchers with {@code FOR UPDATE SKIP
 * LOCKED} and a lease.
 */
@Component
public class SignalOutbox {

    /** A signal due for delivery; {@code attempts} counts this try, {@code firstTriedAt} is when the first began. */
    public record Due(TenantId tenantId, SignalId signalId, String channelId, String threadTs, String text, int attempts,
                      Instant firstTriedAt) {

        /** An earlier try may have posted the signal (a crash or a timeout after Slack took it): look before posting. */
        public boolean uncertain() {
            return attempts > 1;
        }
    }

    private static final Table<Record> OUTBOX = table(name("signal_outbox"));
    private static final Field<String> TENANT = field(name("tenant_id"), String.class);
    private static final Field<String> SIGNAL = field(name("signal_id"), String.class);
    private static final Field<String> CHANNEL = field(name("channel_id"), String.class);
    private static final Field<String> THREAD = field(name("thread_ts"), String.class);
    private static final Field<String> TEXT = field(name("text"), String.class);
    private static final Field<Integer> ATTEMPTS = field(name("attempts"), Integer.class);
    private static final Field<OffsetDateTime> NOT_BEFORE = field(name("not_before"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> CLAIMED_UNTIL = field(name("claimed_until"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> FIRST_TRIED = field(name("first_tried_at"), OffsetDateTime.class);

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final LeaseQueue queue;
    private final Clock clock;

    SignalOutbox(DSLContext sql, TransactionTemplate transactions, Clock clock) {
        this.sql = sql;
        this.transactions = transactions;
        this.clock = clock;
        this.queue = new LeaseQueue(sql, transactions, OUTBOX, SIGNAL);
    }

    /** Queues a signal for delivery now; inside the caller's transaction. */
    public void queue(TenantId tenant, SignalId signal, String channel, String threadTs, String text) {
        sql.insertInto(OUTBOX, TENANT, SIGNAL, CHANNEL, THREAD, TEXT, NOT_BEFORE)
                .values(tenant.value(), signal.value(), channel, threadTs, text, OffsetDateTime.now(clock))
                .onConflictDoNothing()
                .execute();
    }

    /** The signal needs no more delivery; inside the caller's transaction. */
    public void remove(TenantId tenant, SignalId signal) {
        sql.deleteFrom(OUTBOX).where(TENANT.eq(tenant.value())).and(SIGNAL.eq(signal.value())).execute();
    }

    /** The next try is at {@code at}; inside the caller's transaction. */
    public void retryAt(TenantId tenant, SignalId signal, Instant at) {
        sql.update(OUTBOX).set(NOT_BEFORE, at.atOffset(ZoneOffset.UTC)).setNull(CLAIMED_UNTIL)
                .where(TENANT.eq(tenant.value())).and(SIGNAL.eq(signal.value())).execute();
    }

    /** A try found the signal settled already: the row is owed no more. Its own transaction, in the tenant's scope. */
    public void settled(TenantId tenant, SignalId signal) {
        TenantScope.run(tenant, () -> transactions.executeWithoutResult(status -> remove(tenant, signal)));
    }

    /** The signal was claimed but not tried after all (no worker was free): it is due again, its try not counted. */
    public void release(TenantId tenant, SignalId signal) {
        queue.release(tenant, signal.value());
    }

    /**
     * Slack answered 429: this try posted nothing and does not count (the signal is not failing, only waiting its
     * turn); it is due again at {@code at}, Slack's Retry-After.
     */
    public void rateLimited(TenantId tenant, SignalId signal, Instant at) {
        queue.releaseUntil(tenant, signal.value(), at);
    }

    /** Tenants with signals due. Cross-tenant by nature: ids and times only. */
    public List<TenantId> tenantsWithDue() {
        return queue.tenantsWithDue(OffsetDateTime.now(clock), DSL.noCondition());
    }

    /** Claims up to {@code batch} due signals of the tenant for {@code lease}, counting the try (committed before the post). */
    public List<Due> claim(TenantId tenant, int batch, Duration lease) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return TenantScope.call(tenant, () -> transactions.execute(status -> sql
                .select(SIGNAL, CHANNEL, THREAD, TEXT, ATTEMPTS, FIRST_TRIED).from(OUTBOX)
                .where(TENANT.eq(tenant.value())).and(queue.due(now))
                .orderBy(NOT_BEFORE).limit(batch).forUpdate().skipLocked()
                .fetch()
                .map(row -> {
                    OffsetDateTime firstTried = row.get(FIRST_TRIED) == null ? now : row.get(FIRST_TRIED);
                    sql.update(OUTBOX).set(CLAIMED_UNTIL, now.plus(lease)).set(ATTEMPTS, row.get(ATTEMPTS) + 1)
                            .set(FIRST_TRIED, firstTried)
                            .where(TENANT.eq(tenant.value())).and(SIGNAL.eq(row.get(SIGNAL))).execute();
                    return new Due(tenant, new SignalId(row.get(SIGNAL)), row.get(CHANNEL), row.get(THREAD), row.get(TEXT),
                            row.get(ATTEMPTS) + 1, firstTried.toInstant());
                })));
    }
}
