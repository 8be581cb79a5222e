package ai.crosslayer.ops.eventstore;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.ServiceSchema;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The migrations, run as the service runs them, on an empty PostgreSQL. Issue #2. */
class EventStoreSchemaIT {

    private DataSource dataSource;
    private JdbcTemplate sql;
    private Flyway flyway;

    @BeforeEach
    void migrateAnEmptyDatabase() {
        dataSource = TestPostgres.freshDatabase().dataSource();
        sql = new JdbcTemplate(dataSource);
        flyway = ServiceSchema.flyway(dataSource);
        flyway.migrate();
    }

    @Test
    void createsEveryTableInSnakeCase() {
        assertThat(sql.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
                String.class)).contains("domain_event_entry", "snapshot_event_entry", "token_entry",
                "tenant_sign_in_key", "tenant_directory", "tenant_directory_member");
    }

    @Test
    void theEventTableRequiresATenantAndStoresBytesNeverLargeObjects() {
        Map<String, Object> tenant = sql.queryForMap("SELECT data_type, is_nullable FROM information_schema.columns "
                + "WHERE table_name = 'domain_event_entry' AND column_name = 'tenant_id'");
        assertThat(tenant).containsEntry("is_nullable", "NO");
        assertThat(sql.queryForList("SELECT data_type FROM information_schema.columns WHERE table_name = "
                + "'domain_event_entry' AND column_name IN ('payload', 'meta_data')", String.class))
                .containsOnly("bytea");
        assertThat(sql.queryForObject("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
                + "AND data_type = 'oid'", Long.class)).isZero();
    }

    @Test
    void anEventWithoutATenantIsRefusedByTheDatabase() {
        assertThatThrownBy(() -> sql.update("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, "
                + "sequence_number, type, time_stamp, payload_type, payload) VALUES ('e1', 'a1', 0, 'Tenant', "
                + "'2026-11-29T00:00:00Z', 'x.Y', '\\x7b7d'::bytea)"))
                .hasMessageContaining("tenant_id");
    }

    @Test
    void aTenantsStreamIsIndexedInGlobalOrder() {
        List<String> columns = sql.queryForList("SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                + "WHERE c.relname = 'domain_event_entry_tenant_order'", String.class);
        assertThat(columns).containsExactlyInAnyOrder("tenant_id", "global_index");
    }

    @Test
    void migratingAgainChangesNothingAndValidates() {
        assertThat(flyway.migrate().migrationsExecuted).isZero();
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    }
}
