package ai.crosslayer.ops.tenancy;

import ai.crosslayer.ops.testing.TwoTenantDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static ai.crosslayer.ops.testing.TwoTenantDatabase.A;
import static ai.crosslayer.ops.testing.TwoTenantDatabase.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Layer four alone: PostgreSQL row-level security, with no guard and no middleware in front of it —
 * plain SQL as the service's roles. Issue #4.
 */
class RowLevelSecurityIT {

    private TwoTenantDatabase db;

    @BeforeEach
    void seedTwoTenants() {
        db = new TwoTenantDatabase();
    }

    @Test
    void everyTableWithATenantColumnHasForcedRowLevelSecurityAndAPolicy() {
        List<Map<String, Object>> unprotected = db.owner.queryForList("""
                SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                       (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname) AS policies
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
                  AND EXISTS (SELECT 1 FROM information_schema.columns col
                              WHERE col.table_schema = n.nspname AND col.table_name = c.relname
                                AND col.column_name = 'tenant_id')
                  AND NOT (c.relrowsecurity AND c.relforcerowsecurity
                           AND EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname))""");
        assertThat(unprotected).as("tenant-scoped tables without FORCE ROW LEVEL SECURITY and a policy").isEmpty();
        assertThat(db.owner.queryForList("SELECT table_name FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND column_name = 'tenant_id'", String.class))
                .as("the tables this test covers").contains("tenant", "domain_event_entry", "tenant_sign_in_key",
                        "tenant_directory", "tenant_directory_member");
    }

    @Test
    void everyForeignKeyBetweenTenantTablesCarriesTheTenantSoNoRowCanReachAnotherTenantsRow() {
        List<Map<String, Object>> keysWithoutTenant = db.owner.queryForList("""
                SELECT con.conname
                FROM pg_constraint con
                WHERE con.contype = 'f' AND con.connamespace = current_schema()::regnamespace
                  AND NOT EXISTS (SELECT 1 FROM unnest(con.conkey) AS k(attnum)
                                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                                  WHERE a.attname = 'tenant_id')""");
        assertThat(keysWithoutTenant).isEmpty();
        assertThat(db.owner.queryForObject("SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
                + "AND connamespace = current_schema()::regnamespace", Long.class)).isGreaterThanOrEqualTo(4);
    }

    @Test
    void theDatabaseRefusesARowThatPointsAtATenantItDoesNotBelongTo() {
        String stranger = "cccccccc-0000-4000-8000-00000000000c";
        assertThatThrownBy(() -> db.owner.update("INSERT INTO tenant_directory_member (tenant_id, user_id, email, role, "
                + "joined_at) VALUES (?, 'x', 'x@x.test', 'ADMIN', now())", stranger))
                .rootCause().hasMessageContaining("tenant_directory_member_tenant_fkey");
        assertThatThrownBy(() -> db.owner.update("INSERT INTO tenant_directory (tenant_id, name, created_at) "
                + "VALUES (?, 'x', now())", stranger))
                .rootCause().hasMessageContaining("tenant_directory_tenant_fkey");
    }

    @Test
    void theApplicationRoleOwnsNoTableAndCannotBypassRowLevelSecurity() {
        Map<String, Object> role = db.owner.queryForMap(
                "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'crosslayer_app'");
        assertThat(role).containsEntry("rolsuper", false).containsEntry("rolbypassrls", false);
        assertThat(db.owner.queryForObject("SELECT count(*) FROM pg_tables WHERE tableowner IN "
                + "('crosslayer_app', 'crosslayer_system')", Long.class)).isZero();
    }

    @Test
    void theApplicationSeesOnlyTheTenantOfItsTransactionInEveryTenantTable() {
        for (String table : List.of("tenant", "domain_event_entry", "tenant_sign_in_key", "tenant_directory",
                "tenant_directory_member")) {
            List<String> seen = asApp(A, sql -> sql.queryForList("SELECT DISTINCT tenant_id FROM " + table, String.class));
            assertThat(seen).as(table).containsExactly(A);
        }
    }

    @Test
    void withoutATenantSetTheApplicationSeesNothing() {
        JdbcTemplate app = new JdbcTemplate(db.as("crosslayer_app"));
        assertThat(app.queryForObject("SELECT count(*) FROM tenant_directory_member", Long.class)).isZero();
        assertThat(app.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class)).isZero();
    }

    @Test
    void theApplicationCannotWriteAnotherTenantsRows() {
        assertThatThrownBy(() -> asApp(A, sql -> sql.update("INSERT INTO tenant_directory_member "
                + "(tenant_id, user_id, email, role, joined_at) VALUES (?, 'intruder', 'i@x.test', 'ADMIN', now())", B)))
                .rootCause().hasMessageContaining("row-level security");
        int changed = asApp(A, sql -> sql.update("UPDATE tenant_directory_member SET role = 'MEMBER' WHERE tenant_id = ?", B));
        assertThat(changed).isZero();
        assertThat(db.owner.queryForObject("SELECT role FROM tenant_directory_member WHERE tenant_id = ?",
                String.class, B)).isEqualTo("ADMIN");
        assertThatThrownBy(() -> asApp(A, sql -> sql.update("UPDATE tenant_directory_member SET tenant_id = ? "
                + "WHERE tenant_id = ?", B, A))).rootCause().hasMessageContaining("row-level security");
    }

    /** Removing a member deletes their sign-in key (issue 16): the grant that allows it reaches the own tenant only. */
    @Test
    void theApplicationDeletesNoSignInKeyOfAnotherTenant() {
        Long keysOfB = db.owner.queryForObject("SELECT count(*) FROM tenant_sign_in_key WHERE tenant_id = ?", Long.class, B);
        assertThat(keysOfB).isPositive();
        int deleted = asApp(A, sql -> sql.update("DELETE FROM tenant_sign_in_key WHERE tenant_id = ?", B));
        assertThat(deleted).isZero();
        assertThat(db.owner.queryForObject("SELECT count(*) FROM tenant_sign_in_key WHERE tenant_id = ?", Long.class, B))
                .isEqualTo(keysOfB);
    }

    @Test
    void theApplicationCannotAppendAnEventForAnotherTenant() {
        assertThatThrownBy(() -> asApp(A, sql -> sql.update("INSERT INTO domain_event_entry (tenant_id, "
                + "event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload) "
                + "VALUES (?, 'forged', 'x', 0, 'Tenant', '2026-11-29T00:00:00Z', 'x.Y', '\\x7b7d'::bytea)", B)))
                .rootCause().hasMessageContaining("row-level security");
    }

    @Test
    void theSystemRoleReadsEveryTenantsEventsAndSignInKeysButNoReadModel() {
        JdbcTemplate system = new JdbcTemplate(db.as("crosslayer_system"));
        assertThat(system.queryForList("SELECT tenant_id FROM domain_event_entry ORDER BY tenant_id", String.class))
                .containsExactly(A, B);
        assertThat(system.queryForObject("SELECT count(*) FROM tenant_sign_in_key", Long.class)).isEqualTo(2);
        assertThatThrownBy(() -> system.queryForList("SELECT * FROM tenant_directory_member"))
                .rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> system.update("DELETE FROM domain_event_entry")).rootCause().hasMessageContaining("permission denied");
    }

    private <T> T asApp(String tenant, Function<JdbcTemplate, T> work) {
        DataSource app = db.as("crosslayer_app");
        JdbcTemplate sql = new JdbcTemplate(app);
        return new TransactionTemplate(new DataSourceTransactionManager(app)).execute(status -> {
            sql.queryForObject("SELECT set_config('crosslayer.tenant_id', ?, true)", String.class, tenant);
            return work.apply(sql);
        });
    }
}
