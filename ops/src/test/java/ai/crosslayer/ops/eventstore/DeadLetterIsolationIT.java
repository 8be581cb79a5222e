package ai.crosslayer.ops.eventstore;

import ai.crosslayer.ops.testing.TwoTenantDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.function.Function;

import static ai.crosslayer.ops.testing.TwoTenantDatabase.A;
import static ai.crosslayer.ops.testing.TwoTenantDatabase.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A dead letter is a tenant's event: it belongs to the tenant whose transaction parked it, no other tenant
 * sees or removes it, and the cross-tenant role sees that it is there and why, never what it holds. Issue 11.
 */
class DeadLetterIsolationIT {

    private TwoTenantDatabase db;

    @BeforeEach
    void twoTenants() {
        db = new TwoTenantDatabase();
    }

    @Test
    void aDeadLetterBelongsToTheTenantWhoseTransactionParkedIt() {
        asApp(A, sql -> park(sql, "letter-a"));
        assertThat(db.owner.queryForObject("SELECT tenant_id FROM dead_letter_entry WHERE dead_letter_id = 'letter-a'",
                String.class)).isEqualTo(A);
        assertThat(visibleTo(A)).isOne();
    }

    @Test
    void anotherTenantNeitherSeesNorRetriesNorEvictsIt() {
        asApp(A, sql -> park(sql, "letter-a"));
        assertThat(visibleTo(B)).isZero();
        assertThat(changedBy(B, "UPDATE dead_letter_entry SET processing_started = 'now'")).isZero();
        assertThat(changedBy(B, "DELETE FROM dead_letter_entry")).isZero();
        assertThatThrownBy(() -> asApp(A, sql -> sql.update("INSERT INTO dead_letter_entry (dead_letter_id, "
                + "processing_group, sequence_identifier, sequence_index, tenant_id, message_type, event_identifier, "
                + "time_stamp, payload_type, payload, enqueued_at) VALUES ('forged', 'governance-policy', 's', 0, ?, "
                + "'x', 'e', 't', 'x.Y', '\\x7b7d'::bytea, 't')", B)))
                .rootCause().hasMessageContaining("row-level security");
        assertThat(db.owner.queryForObject("SELECT count(*) FROM dead_letter_entry", Long.class)).isOne();
    }

    @Test
    void theSystemRoleCountsAndNamesDeadLettersButCannotReadTheirEvents() {
        asApp(A, sql -> park(sql, "letter-a"));
        asApp(B, sql -> park(sql, "letter-b"));
        JdbcTemplate system = new JdbcTemplate(db.as("crosslayer_system"));
        assertThat(system.queryForList("SELECT tenant_id FROM dead_letter_entry ORDER BY tenant_id", String.class))
                .containsExactly(A, B);
        assertThatThrownBy(() -> system.queryForList("SELECT payload FROM dead_letter_entry"))
                .rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> system.update("DELETE FROM dead_letter_entry"))
                .rootCause().hasMessageContaining("permission denied");
    }

    /** As Axon writes it: no tenant column named; the transaction's tenant fills it. */
    private static int park(JdbcTemplate sql, String id) {
        return sql.update("INSERT INTO dead_letter_entry (dead_letter_id, processing_group, sequence_identifier, "
                + "sequence_index, message_type, event_identifier, time_stamp, payload_type, payload, enqueued_at) "
                + "VALUES (?, 'governance-policy', ?, 0, 'org.axonframework.eventhandling.GenericDomainEventMessage', "
                + "?, '2026-12-01T00:00:00Z', 'x.Y', '\\x7b7d'::bytea, '2026-12-01T00:00:00Z')", id, "sequence-" + id, "event-" + id);
    }

    private long visibleTo(String tenant) {
        Long count = asApp(tenant, sql -> sql.queryForObject("SELECT count(*) FROM dead_letter_entry", Long.class));
        return count;
    }

    private int changedBy(String tenant, String statement) {
        Integer rows = asApp(tenant, sql -> sql.update(statement));
        return rows;
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
