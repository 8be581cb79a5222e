package ai.crosslayer.ops.testing;

import ai.crosslayer.kernel.testing.TestPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/**
 * A migrated database with rows of two tenants, A and B, written as the owner, and logins for the two
 * service roles: the ground on which each isolation layer is tested alone.
 */
public final class TwoTenantDatabase {

    public static final String A = "aaaaaaaa-0000-4000-8000-00000000000a";
    public static final String B = "bbbbbbbb-0000-4000-8000-00000000000b";

    public final TestPostgres.Database database = TestPostgres.freshDatabase();
    public final JdbcTemplate owner = new JdbcTemplate(database.dataSource());
    private final String password = RunningService.ROLE_PASSWORD;

    public TwoTenantDatabase() {
        ServiceSchema.flyway(database.dataSource()).migrate();
        for (String role : new String[]{"crosslayer_app", "crosslayer_system"}) {
            owner.execute("ALTER ROLE " + role + " PASSWORD '" + password + "'");
        }
        for (String tenant : new String[]{A, B}) {
            owner.update("INSERT INTO tenant (tenant_id) VALUES (?)", tenant);
            owner.update("INSERT INTO tenant_directory (tenant_id, name, created_at) VALUES (?, ?, now())",
                    tenant, "name-of-" + tenant);
            owner.update("INSERT INTO tenant_directory_member (tenant_id, user_id, email, role, joined_at) "
                    + "VALUES (?, ?, ?, 'ADMIN', now())", tenant, "user-of-" + tenant, tenant + "@example.test");
            owner.update("INSERT INTO tenant_sign_in_key (key_kind, key_value, tenant_id) VALUES ('member', ?, ?)",
                    "user-of-" + tenant, tenant);
            owner.update("INSERT INTO domain_event_entry (tenant_id, event_identifier, aggregate_identifier, "
                    + "sequence_number, type, time_stamp, payload_type, payload) VALUES (?, ?, ?, 0, 'Tenant', "
                    + "'2026-11-29T00:00:00Z', 'ai.crosslayer.kernel.tenant.TenantCreated', '\\x7b7d'::bytea)",
                    tenant, "event-of-" + tenant, tenant);
        }
    }

    public DataSource as(String role) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.url());
        dataSource.setUser(role);
        dataSource.setPassword(password);
        return dataSource;
    }
}
