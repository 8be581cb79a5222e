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

    /** A role that owns a database without being a superuser, as CROSSLAYER_DATABASE_USER should. */
    public static final String NON_SUPERUSER_OWNER = "crosslayer_test_owner";

    public final TestPostgres.Database database = TestPostgres.freshDatabase();
    /** Who ran the migrations and owns every table: the test superuser, or {@link #NON_SUPERUSER_OWNER}. */
    public final JdbcTemplate owner;
    /** The test server's superuser, whatever the owner. */
    public final JdbcTemplate superuser = new JdbcTemplate(database.dataSource());
    private final String password = RunningService.ROLE_PASSWORD;

    public TwoTenantDatabase() {
        this(false);
    }

    /** Migrated by a role that owns the database but is no superuser (issue 15: tampering as the owner). */
    public static TwoTenantDatabase ownedByNonSuperuser() {
        return new TwoTenantDatabase(true);
    }

    private TwoTenantDatabase(boolean nonSuperuserOwner) {
        if (nonSuperuserOwner) {
            String name = database.url().substring(database.url().lastIndexOf('/') + 1);
            synchronized (TwoTenantDatabase.class) {
                superuser.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + NON_SUPERUSER_OWNER
                        + "') THEN CREATE ROLE " + NON_SUPERUSER_OWNER + " LOGIN NOSUPERUSER CREATEROLE; END IF; END $$");
                superuser.execute("ALTER ROLE " + NON_SUPERUSER_OWNER + " PASSWORD '" + password + "'");
                // The service roles are cluster-wide: when a superuser created them for an earlier test, this
                // owner gets what it would have had creating them itself.
                for (String role : superuser.queryForList("SELECT rolname FROM pg_roles WHERE rolname LIKE 'crosslayer\\_%' "
                        + "AND rolname <> '" + NON_SUPERUSER_OWNER + "'", String.class)) {
                    superuser.execute("GRANT " + role + " TO " + NON_SUPERUSER_OWNER + " WITH ADMIN OPTION");
                }
            }
            superuser.execute("ALTER DATABASE " + name + " OWNER TO " + NON_SUPERUSER_OWNER);
            superuser.execute("ALTER SCHEMA public OWNER TO " + NON_SUPERUSER_OWNER);
            owner = new JdbcTemplate(as(NON_SUPERUSER_OWNER));
            ServiceSchema.flyway(as(NON_SUPERUSER_OWNER)).migrate();
        } else {
            owner = superuser;
            ServiceSchema.flyway(database.dataSource()).migrate();
        }
        for (String role : new String[]{"crosslayer_app", "crosslayer_system", "crosslayer_signer"}) {
            superuser.execute("ALTER ROLE " + role + " PASSWORD '" + password + "'");
        }
        // Seeded as the superuser: row-level security is forced on the owner too, which has no policy.
        for (String tenant : new String[]{A, B}) {
            superuser.update("INSERT INTO tenant (tenant_id) VALUES (?)", tenant);
            superuser.update("INSERT INTO tenant_directory (tenant_id, name, created_at) VALUES (?, ?, now())",
                    tenant, "name-of-" + tenant);
            superuser.update("INSERT INTO tenant_directory_member (tenant_id, user_id, email, role, joined_at) "
                    + "VALUES (?, ?, ?, 'ADMIN', now())", tenant, "user-of-" + tenant, tenant + "@example.test");
            superuser.update("INSERT INTO tenant_sign_in_key (key_kind, key_value, tenant_id) VALUES ('member', ?, ?)",
                    "user-of-" + tenant, tenant);
            superuser.update("INSERT INTO domain_event_entry (tenant_id, event_identifier, aggregate_identifier, "
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
