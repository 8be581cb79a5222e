package ai.crosslayer.ops.tenancy;

import ai.crosslayer.ops.testing.TwoTenantDatabase;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY;
import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY_MEMBER;
import static ai.crosslayer.ops.testing.TwoTenantDatabase.A;
import static ai.crosslayer.ops.testing.TwoTenantDatabase.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Layer three alone: the jOOQ guard, connected as the owner so that row-level security is not in
 * play — whatever the guard lets through, the database returns. Issue #4.
 */
class TenantGuardIT {

    private static final TenantId TENANT_A = new TenantId(A);
    private static final TenantId TENANT_B = new TenantId(B);

    private TwoTenantDatabase db;
    private DSLContext sql;
    private final AtomicInteger sent = new AtomicInteger();

    @BeforeEach
    void guardedOwnerConnection() {
        db = new TwoTenantDatabase();
        Set<String> tenantTables = Set.copyOf(db.owner.queryForList("SELECT table_name FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND column_name = 'tenant_id'", String.class));
        ExecuteListener countSent = new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                sent.incrementAndGet();
            }
        };
        sql = DSL.using(new DefaultConfiguration().set(db.database.dataSource()).set(SQLDialect.POSTGRES)
                .set(new TenantGuard(() -> tenantTables), countSent));
    }

    @Test
    void aQueryOutsideAnyScopeIsRefusedBeforeItIsSent() {
        assertThatThrownBy(() -> sql.selectFrom(TENANT_DIRECTORY).fetch())
                .isInstanceOf(TenantGuardViolation.class).hasMessageContaining("outside any tenant scope");
        assertThat(sent).hasValue(0);
    }

    @Test
    void aQueryNamingAnotherTenantIsRefusedBeforeItIsSent() {
        assertThatThrownBy(() -> TenantScope.run(TENANT_A, () ->
                sql.selectFrom(TENANT_DIRECTORY_MEMBER).where(TENANT_DIRECTORY_MEMBER.TENANT_ID.eq(B)).fetch()))
                .isInstanceOf(TenantGuardViolation.class).hasMessageContaining("names tenant " + B);
        assertThatThrownBy(() -> TenantScope.run(TENANT_A, () -> sql.selectFrom(TENANT_DIRECTORY_MEMBER)
                .where(TENANT_DIRECTORY_MEMBER.TENANT_ID.in(A, B)).fetch()))
                .isInstanceOf(TenantGuardViolation.class);
        assertThat(sent).hasValue(0);
    }

    @Test
    void aQueryWithoutATenantPredicateIsRefused() {
        assertThatThrownBy(() -> TenantScope.run(TENANT_A, () -> sql.selectFrom(TENANT_DIRECTORY_MEMBER).fetch()))
                .isInstanceOf(TenantGuardViolation.class).hasMessageContaining("names no tenant");
        assertThatThrownBy(() -> TenantScope.run(TENANT_A, () ->
                sql.update(TENANT_DIRECTORY_MEMBER).set(TENANT_DIRECTORY_MEMBER.ROLE, "MEMBER").execute()))
                .isInstanceOf(TenantGuardViolation.class);
        assertThat(db.owner.queryForList("SELECT DISTINCT role FROM tenant_directory_member", String.class))
                .containsExactly("ADMIN");
    }

    @Test
    void writesNamingAnotherTenantAreRefused() {
        assertThatThrownBy(() -> TenantScope.run(TENANT_A, () -> sql.insertInto(TENANT_DIRECTORY_MEMBER)
                .set(TENANT_DIRECTORY_MEMBER.TENANT_ID, B).set(TENANT_DIRECTORY_MEMBER.USER_ID, "intruder")
                .set(TENANT_DIRECTORY_MEMBER.EMAIL, "i@x.test").set(TENANT_DIRECTORY_MEMBER.ROLE, "ADMIN")
                .set(TENANT_DIRECTORY_MEMBER.JOINED_AT, java.time.OffsetDateTime.now()).execute()))
                .isInstanceOf(TenantGuardViolation.class);
        assertThatThrownBy(() -> TenantScope.run(TENANT_A, () -> sql.update(TENANT_DIRECTORY_MEMBER)
                .set(TENANT_DIRECTORY_MEMBER.TENANT_ID, B).where(TENANT_DIRECTORY_MEMBER.TENANT_ID.eq(A)).execute()))
                .isInstanceOf(TenantGuardViolation.class);
        assertThatThrownBy(() -> TenantScope.run(TENANT_A, () ->
                sql.deleteFrom(TENANT_DIRECTORY_MEMBER).where(TENANT_DIRECTORY_MEMBER.TENANT_ID.eq(B)).execute()))
                .isInstanceOf(TenantGuardViolation.class);
        assertThat(sent).hasValue(0);
        assertThat(db.owner.queryForObject("SELECT count(*) FROM tenant_directory_member", Long.class)).isEqualTo(2);
    }

    /** Issue 14: projections send a batch's statements together; each is checked as if it ran alone. */
    @Test
    void aBatchIsCheckedStatementByStatement() {
        assertThatThrownBy(() -> TenantScope.run(TENANT_A, () -> sql.batch(
                sql.update(TENANT_DIRECTORY_MEMBER).set(TENANT_DIRECTORY_MEMBER.ROLE, "ADMIN")
                        .where(TENANT_DIRECTORY_MEMBER.TENANT_ID.eq(A)),
                sql.deleteFrom(TENANT_DIRECTORY_MEMBER).where(TENANT_DIRECTORY_MEMBER.TENANT_ID.eq(B))).execute()))
                .isInstanceOf(TenantGuardViolation.class);
        assertThatThrownBy(() -> sql.batch(sql.deleteFrom(TENANT_DIRECTORY_MEMBER)
                .where(TENANT_DIRECTORY_MEMBER.TENANT_ID.eq(A))).execute())
                .as("outside any scope").isInstanceOf(TenantGuardViolation.class);
        assertThat(sent).hasValue(0);
        assertThat(db.owner.queryForObject("SELECT count(*) FROM tenant_directory_member", Long.class)).isEqualTo(2);
    }

    @Test
    void queriesForTheScopesOwnTenantRunAsWritten() {
        var m = TENANT_DIRECTORY_MEMBER;
        var t = TENANT_DIRECTORY;
        var names = TenantScope.call(TENANT_A, () -> sql.select(t.NAME).from(m).join(t).on(t.TENANT_ID.eq(m.TENANT_ID))
                .where(m.TENANT_ID.eq(A)).fetch(t.NAME));
        assertThat(names).containsExactly("name-of-" + A);
        TenantScope.run(TENANT_A, () -> sql.insertInto(m).set(m.TENANT_ID, A).set(m.USER_ID, "second")
                .set(m.EMAIL, "s@a.test").set(m.ROLE, "MEMBER").set(m.JOINED_AT, java.time.OffsetDateTime.now())
                .onConflict(m.TENANT_ID, m.USER_ID).doNothing().execute());
        assertThat(db.owner.queryForObject("SELECT count(*) FROM tenant_directory_member WHERE tenant_id = ?",
                Long.class, A)).isEqualTo(2);
    }

    @Test
    void plainSqlTablesAreRecognisedByName() {
        Table<?> keys = DSL.table(DSL.name("tenant_sign_in_key"));
        Field<String> tenant = DSL.field(DSL.name("tenant_id"), String.class);
        assertThatThrownBy(() -> TenantScope.run(TENANT_A, () -> sql.select(tenant).from(keys).where(tenant.eq(B)).fetch()))
                .isInstanceOf(TenantGuardViolation.class);
        assertThat(TenantScope.crossTenant(() -> sql.select(tenant).from(keys).fetch(tenant))).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void truncationIsCrossTenantWorkOnly() {
        assertThatThrownBy(() -> TenantScope.run(TENANT_A, () -> sql.truncate(TENANT_DIRECTORY_MEMBER).execute()))
                .isInstanceOf(TenantGuardViolation.class);
        assertThat(db.owner.queryForObject("SELECT count(*) FROM tenant_directory_member", Long.class)).isEqualTo(2);
    }
}
