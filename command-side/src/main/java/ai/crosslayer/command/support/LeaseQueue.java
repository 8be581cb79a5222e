package ai.crosslayer.command.support;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

/**
 * The lease queue the Slack inbox and the two outboxes share, said once (issue 13, item 4). Each is a table of a
 * tenant's rows with {@code not_before} (due from), {@code claimed_until} (the lease of the worker trying it, claimed
 * with {@code FOR UPDATE SKIP LOCKED}) and {@code attempts} (tries counted before each try). A row whose lease ran out
 * is due again: a worker that died mid-try loses nothing. What a table claims, and in which order, stays with it.
 */
public final class LeaseQueue {

    private static final Field<String> TENANT = field(name("tenant_id"), String.class);
    private static final Field<Integer> ATTEMPTS = field(name("attempts"), Integer.class);
    private static final Field<OffsetDateTime> NOT_BEFORE = field(name("not_before"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> CLAIMED_UNTIL = field(name("claimed_until"), OffsetDateTime.class);

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final Table<?> table;
    private final Field<String> key;

    /** The queue kept in {@code table}, whose rows a tenant tells apart by {@code key}. */
    public LeaseQueue(DSLContext sql, TransactionTemplate transactions, Table<?> table, Field<String> key) {
        this.sql = sql;
        this.transactions = transactions;
        this.table = table;
        this.key = key;
    }

    /** Due at {@code now}: its time has come, and no live lease holds it. */
    public Condition due(OffsetDateTime now) {
        return NOT_BEFORE.le(now).and(CLAIMED_UNTIL.isNull().or(CLAIMED_UNTIL.lt(now)));
    }

    /** Tenants with rows due at {@code now} that also match {@code also}, at most 1000. Cross-tenant by nature: ids and times only. */
    public List<TenantId> tenantsWithDue(OffsetDateTime now, Condition also) {
        return TenantScope.crossTenant(() -> sql.selectDistinct(TENANT).from(table).where(also).and(due(now))
                .limit(1000).fetch(TENANT)).stream().map(TenantId::new).toList();
    }

    /** The row was claimed but not tried after all (no worker was free): it is due again, its try not counted. */
    public void release(TenantId tenant, String row) {
        TenantScope.run(tenant, () -> transactions.executeWithoutResult(status -> sql.update(table)
                .setNull(CLAIMED_UNTIL).set(ATTEMPTS, ATTEMPTS.minus(1))
                .where(TENANT.eq(tenant.value())).and(key.eq(row)).execute()));
    }

    /** The row's try was turned away before it happened (Slack's 429): due again at {@code at}, the try not counted. */
    public void releaseUntil(TenantId tenant, String row, Instant at) {
        TenantScope.run(tenant, () -> transactions.executeWithoutResult(status -> sql.update(table)
                .set(NOT_BEFORE, at.atOffset(ZoneOffset.UTC)).setNull(CLAIMED_UNTIL).set(ATTEMPTS, ATTEMPTS.minus(1))
                .where(TENANT.eq(tenant.value())).and(key.eq(row)).execute()));
    }
}
