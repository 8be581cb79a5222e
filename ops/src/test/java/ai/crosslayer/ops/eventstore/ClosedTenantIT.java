package ai.crosslayer.ops.eventstore;

import ai.crosslayer.command.support.ClosedTenant;
import ai.crosslayer.ops.testing.TwoTenantDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.UUID;

import static ai.crosslayer.ops.testing.TwoTenantDatabase.A;
import static ai.crosslayer.ops.testing.TwoTenantDatabase.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 18.3: once {@code TenantOffboarded} is appended, the database itself refuses anything more of the tenant
 * written as the application: an event of any aggregate, also one whose carried chain head was forged to skip the
 * tenant row, a data key, a token, an inbox or outbox row. The refusal carries its own SQLSTATE, so the service can
 * tell "tenant closed" from a failure. Tenant A is closed here; B is open throughout.
 */
class ClosedTenantIT {

    private static final String OFFBOARDED = "ai.crosslayer.kernel.tenant.TenantOffboarded";

    private static TwoTenantDatabase db;
    private static DataSource app;

    @BeforeAll
    static void closeTenantA() {
        db = new TwoTenantDatabase();
        app = db.as("crosslayer_app");
        inTenant(A, sql -> append(sql, A, "ai.crosslayer.kernel.skill.SkillExtracted"));
        // The offboarding's own event is appended, and closes the tenant in its statement.
        inTenant(A, sql -> append(sql, A, OFFBOARDED));
    }

    @Test
    void theOffboardingEventIsAppendedAndClosesTheTenant() {
        assertThat(db.superuser.queryForObject("SELECT payload_type FROM domain_event_entry WHERE tenant_id = ? "
                + "ORDER BY tenant_sequence DESC LIMIT 1", String.class, A)).isEqualTo(OFFBOARDED);
        assertThat(db.superuser.queryForObject("SELECT closed_at IS NOT NULL FROM tenant WHERE tenant_id = ?",
                Boolean.class, A)).isTrue();
        assertThat(db.superuser.queryForObject("SELECT closed_at IS NULL FROM tenant WHERE tenant_id = ?",
                Boolean.class, B)).isTrue();
    }

    @Test
    void anEventOfAnyAggregateOfAClosedTenantIsRefusedWithItsOwnSqlState() {
        long head = head(A);
        for (String type : List.of("ai.crosslayer.kernel.skill.SkillConfirmed", "ai.crosslayer.kernel.integration."
                + "ProviderRevocationSucceeded", OFFBOARDED)) {
            assertThatThrownBy(() -> inTenant(A, sql -> append(sql, A, type))).as(type)
                    .satisfies(refusal -> assertThat(ClosedTenant.refused(refusal)).as("tenant closed").isTrue())
                    .rootCause().hasMessageContaining("tenant " + A + " is offboarded");
        }
        assertThat(head(A)).as("nothing was appended").isEqualTo(head);
        inTenant(B, sql -> append(sql, B, "ai.crosslayer.kernel.skill.SkillConfirmed"));
    }

    @Test
    void aForgedCarriedHeadDoesNotGetPastTheClosedTenant() {
        long head = head(A);
        String hash = db.superuser.queryForObject("SELECT encode(head_hash, 'hex') FROM tenant WHERE tenant_id = ?",
                String.class, A);
        assertThatThrownBy(() -> inTenant(A, sql -> {
            sql.queryForObject("SELECT set_config(?, ?, true)", String.class, "crosslayer_chain.t_" + A.replace('-', '_'),
                    head + ":" + hash);
            append(sql, A, "ai.crosslayer.kernel.signal.SignalAcknowledged");
        })).satisfies(refusal -> assertThat(ClosedTenant.refused(refusal)).isTrue());
        assertThat(head(A)).isEqualTo(head);
    }

    @Test
    void nothingFollowsTheOffboardingEventInItsOwnStatement() {
        String c = "cccccccc-0000-4000-8000-00000000000c";
        String[] ids = {UUID.randomUUID().toString(), UUID.randomUUID().toString()};
        assertThatThrownBy(() -> new TransactionTemplate(new DataSourceTransactionManager(db.database.dataSource()))
                .executeWithoutResult(status -> new JdbcTemplate(db.database.dataSource()).update(
                        "INSERT INTO domain_event_entry (tenant_id, event_identifier, aggregate_identifier, sequence_number,"
                                + " type, time_stamp, payload_type, payload) VALUES "
                                + "(?, ?, ?, 0, 'Tenant', '2026-12-01T00:00:00Z', ?, '\\x7b7d'::bytea), "
                                + "(?, ?, ?, 0, 'Skill', '2026-12-01T00:00:00Z', 'ai.crosslayer.kernel.skill.SkillExtracted', "
                                + "'\\x7b7d'::bytea)", c, ids[0], c, OFFBOARDED, c, ids[1], ids[1])))
                .satisfies(refusal -> assertThat(ClosedTenant.refused(refusal)).isTrue());
    }

    @Test
    void rowsTheOffboardingDeletedCannotBeWrittenAgain() {
        List<String> inserts = List.of(
                "INSERT INTO personal_data_key (tenant_id, key_id, subject, master_key_id, sealed_key, created_at) "
                        + "VALUES ('" + A + "', 'k-late', 'member:late', 'm1', '\\x00', now())",
                "INSERT INTO integration_token (tenant_id, integration_id, provider, account_id, key_id, sealed_token, "
                        + "sealed_at) VALUES ('" + A + "', 'i-late', 'GITHUB', '42', 'm1', '\\x00', now())",
                "INSERT INTO slack_event_receipt (tenant_id, event_id, received_at) VALUES ('" + A + "', 'Ev-late', now())",
                "INSERT INTO signal_outbox (tenant_id, signal_id, channel_id, text, not_before) "
                        + "VALUES ('" + A + "', 's-late', 'C1', 'late', now())",
                "INSERT INTO member_session (tenant_id, session_hash, user_id, signed_in_at, expires_at) "
                        + "VALUES ('" + A + "', 'h-late', 'user-late', now(), now() + interval '1 hour')",
                "INSERT INTO tenant_sign_in_key (key_kind, key_value, tenant_id) VALUES ('member', 'user-late', '" + A + "')");
        for (String insert : inserts) {
            assertThatThrownBy(() -> inTenant(A, sql -> sql.update(insert))).as(insert)
                    .satisfies(refusal -> assertThat(ClosedTenant.refused(refusal)).as("tenant closed").isTrue());
        }
        inTenant(B, sql -> sql.update("INSERT INTO slack_event_receipt (tenant_id, event_id, received_at) "
                + "VALUES ('" + B + "', 'Ev-open', now())"));
    }

    @Test
    void theApplicationCannotReopenATenant() {
        assertThatThrownBy(() -> inTenant(A, sql -> sql.update("UPDATE tenant SET closed_at = NULL")))
                .rootCause().hasMessageContaining("permission denied");
    }

    private static long head(String tenant) {
        return db.superuser.queryForObject("SELECT head_sequence FROM tenant WHERE tenant_id = ?", Long.class, tenant);
    }

    private static void inTenant(String tenant, java.util.function.Consumer<JdbcTemplate> work) {
        new TransactionTemplate(new DataSourceTransactionManager(app)).executeWithoutResult(status -> {
            JdbcTemplate sql = new JdbcTemplate(app);
            sql.queryForObject("SELECT set_config('crosslayer.tenant_id', ?, true)", String.class, tenant);
            work.accept(sql);
        });
    }

    private static void append(JdbcTemplate sql, String tenant, String payloadType) {
        String id = UUID.randomUUID().toString();
        sql.update("INSERT INTO domain_event_entry (tenant_id, event_identifier, aggregate_identifier, sequence_number, "
                + "type, time_stamp, payload_type, payload_revision, payload) VALUES (?, ?, ?, 0, 'Test', "
                + "'2026-12-01T00:00:00Z', ?, '1', '\\x7b7d'::bytea)", tenant, id, "aggregate-" + id, payloadType);
    }
}
