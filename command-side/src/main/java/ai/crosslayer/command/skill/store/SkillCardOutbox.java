package ai.crosslayer.command.skill.store;

import ai.crosslayer.command.support.LeaseQueue;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.skill.SkillId;
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
 * The {@code skill_card_outbox} table: a skill's confirmation card waiting to be posted. Written and removed by
 * the Skill aggregate's commands (in their transactions), so that a skill recorded is a card promised, and a card
 * recorded is a card no longer owed. Workers claim rows with {@code FOR UPDATE SKIP LOCKED} and a lease, counting
 * each try before they post: a row claimed again after a try ({@link Due#uncertain()}) may already be in Slack.
 */
@Component
public class SkillCardOutbox {

    /** A card due for posting; {@code attempts} counts this try. */
    public record Due(TenantId tenantId, SkillId skillId, String channelId, String threadTs, String fallbackText,
                      String blocks, Instant queuedAt, int attempts) {

        /** An earlier try may have posted the card (a crash or a timeout after Slack took it): look before posting. */
        public boolean uncertain() {
            return attempts > 1;
        }
    }

    private static final Table<Record> OUTBOX = table(name("skill_card_outbox"));
    private static final Field<String> TENANT = field(name("tenant_id"), String.class);
    private static final Field<String> SKILL = field(name("skill_id"), String.class);
    private static final Field<String> CHANNEL = field(name("channel_id"), String.class);
    private static final Field<String> THREAD = field(name("thread_ts"), String.class);
    private static final Field<String> FALLBACK = field(name("fallback_text"), String.class);
    private static final Field<String> BLOCKS = field(name("blocks"), String.class);
    private static final Field<OffsetDateTime> QUEUED = field(name("queued_at"), OffsetDateTime.class);
    private static final Field<Integer> ATTEMPTS = field(name("attempts"), Integer.class);
    private static final Field<OffsetDateTime> NOT_BEFORE = field(name("not_before"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> CLAIMED_UNTIL = field(name("claimed_until"), OffsetDateTime.class);
    private static final Field<String> LAST_ERROR = field(name("last_error"), String.class);

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final LeaseQueue queue;

    SkillCardOutbox(DSLContext sql, TransactionTemplate transactions, Clock clock) {
        this.sql = sql;
        this.transactions = transactions;
        this.clock = clock;
        this.queue = new LeaseQueue(sql, transactions, OUTBOX, SKILL);
    }

    /** Queues the card of {@code skill} for posting now; inside the caller's transaction. */
    public void queue(TenantId tenant, SkillId skill, String channel, String threadTs, String fallbackText, String blocks) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        sql.insertInto(OUTBOX, TENANT, SKILL, CHANNEL, THREAD, FALLBACK, BLOCKS, QUEUED, NOT_BEFORE)
                .values(tenant.value(), skill.value(), channel, threadTs, fallbackText, blocks, now, now)
                .onConflictDoNothing()
                .execute();
    }

    /** The card is posted (or will never be): no more tries; inside the caller's transaction, or its own. */
    public void remove(TenantId tenant, SkillId skill) {
        TenantScope.run(tenant, () -> transactions.executeWithoutResult(status -> sql.deleteFrom(OUTBOX)
                .where(TENANT.eq(tenant.value())).and(SKILL.eq(skill.value())).execute()));
    }

    /** The try failed: the card waits until {@code at}. */
    public void retryAt(TenantId tenant, SkillId skill, Instant at, String error) {
        TenantScope.run(tenant, () -> transactions.executeWithoutResult(status -> sql.update(OUTBOX)
                .set(NOT_BEFORE, at.atOffset(ZoneOffset.UTC)).setNull(CLAIMED_UNTIL)
                .set(LAST_ERROR, error.length() > 500 ? error.substring(0, 500) : error)
                .where(TENANT.eq(tenant.value())).and(SKILL.eq(skill.value())).execute()));
    }

    /** The card was claimed but not tried after all (no worker was free): it is due again, its try not counted. */
    public void release(TenantId tenant, SkillId skill) {
        queue.release(tenant, skill.value());
    }

    /** Slack answered 429: this try posted nothing and does not count; the card is due again at {@code at}. */
    public void rateLimited(TenantId tenant, SkillId skill, Instant at) {
        queue.releaseUntil(tenant, skill.value(), at);
    }

    /** Tenants with cards due. Cross-tenant by nature: ids and times only. */
    public List<TenantId> tenantsWithDue() {
        return queue.tenantsWithDue(OffsetDateTime.now(clock), DSL.noCondition());
    }

    /** Claims up to {@code batch} due cards of the tenant for {@code lease}, counting the try (committed before the post). */
    public List<Due> claim(TenantId tenant, int batch, Duration lease) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return TenantScope.call(tenant, () -> transactions.execute(status -> sql
                .select(SKILL, CHANNEL, THREAD, FALLBACK, BLOCKS, QUEUED, ATTEMPTS).from(OUTBOX)
                .where(TENANT.eq(tenant.value())).and(queue.due(now))
                .orderBy(NOT_BEFORE).limit(batch).forUpdate().skipLocked()
                .fetch()
                .map(row -> {
                    sql.update(OUTBOX).set(CLAIMED_UNTIL, now.plus(lease)).set(ATTEMPTS, row.get(ATTEMPTS) + 1)
                            .where(TENANT.eq(tenant.value())).and(SKILL.eq(row.get(SKILL))).execute();
                    return new Due(tenant, new SkillId(row.get(SKILL)), row.get(CHANNEL), row.get(THREAD),
                            row.get(FALLBACK), row.get(BLOCKS), row.get(QUEUED).toInstant(), row.get(ATTEMPTS) + 1);
                })));
    }
}
