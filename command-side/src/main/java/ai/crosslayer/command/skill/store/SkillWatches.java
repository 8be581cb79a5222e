package ai.crosslayer.command.skill.store;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.skill.SkillId;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/** The {@code skill_watch} table: which GitHub file (and version) each learned skill came from. */
@Component
public class SkillWatches {

    /** One watched file. */
    public record Watch(TenantId tenantId, SkillId skillId, IntegrationId integrationId, String repository, String path,
                        String sha, String etag) {
    }

    private static final Table<Record> WATCH = table(name("skill_watch"));
    private static final Field<String> TENANT = field(name("tenant_id"), String.class);
    private static final Field<String> SKILL = field(name("skill_id"), String.class);
    private static final Field<String> INTEGRATION = field(name("integration_id"), String.class);
    private static final Field<String> REPOSITORY = field(name("repository"), String.class);
    private static final Field<String> PATH = field(name("path"), String.class);
    private static final Field<String> SHA = field(name("sha"), String.class);
    private static final Field<String> ETAG = field(name("etag"), String.class);
    private static final Field<OffsetDateTime> CHECKED = field(name("checked_at"), OffsetDateTime.class);

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SkillWatches(DSLContext sql, TransactionTemplate transactions, Clock clock) {
        this.sql = sql;
        this.transactions = transactions;
        this.clock = clock;
    }

    public void watch(Watch watch) {
        TenantScope.run(watch.tenantId(), () -> transactions.executeWithoutResult(status -> sql
                .insertInto(WATCH, TENANT, SKILL, INTEGRATION, REPOSITORY, PATH, SHA, ETAG)
                .values(watch.tenantId().value(), watch.skillId().value(), watch.integrationId().value(),
                        watch.repository(), watch.path(), watch.sha(), watch.etag())
                .onConflictDoNothing()
                .execute()));
    }

    /** Tenants that watch anything. Cross-tenant by nature: tenant ids only. */
    public List<TenantId> tenants() {
        return TenantScope.crossTenant(() -> sql.selectDistinct(TENANT).from(WATCH).fetch(TENANT))
                .stream().map(TenantId::new).toList();
    }

    public List<Watch> of(TenantId tenant) {
        return TenantScope.call(tenant, () -> transactions.execute(status -> sql
                .select(SKILL, INTEGRATION, REPOSITORY, PATH, SHA, ETAG).from(WATCH)
                .where(TENANT.eq(tenant.value()))
                .orderBy(CHECKED.asc().nullsFirst())
                .fetch(row -> new Watch(tenant, new SkillId(row.value1()), new IntegrationId(row.value2()), row.value3(),
                        row.value4(), row.value5(), row.value6()))));
    }

    public void checked(Watch watch, String sha, String etag) {
        TenantScope.run(watch.tenantId(), () -> transactions.executeWithoutResult(status -> sql.update(WATCH)
                .set(SHA, sha).set(ETAG, etag).set(CHECKED, OffsetDateTime.now(clock))
                .where(TENANT.eq(watch.tenantId().value())).and(SKILL.eq(watch.skillId().value()))
                .execute()));
    }
}
