package ai.crosslayer.ops.audit;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;

import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checkpoints are signed on their schedule, once per new chain head, with nobody asking (issue #3), and
 * never over a chain that does not verify (issue 15.2).
 */
class ScheduledCheckpointIT {

    @TempDir
    Path dataDir;

    @Test
    void aMovedChainHeadIsSignedOnTheNextTick() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        try (RunningService service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .set("CROSSLAYER_AUDIT_CHECKPOINT_INTERVAL", "PT1S")
                .start()) {
            devLogin(service.http(), "clockwork@scheduled.test");
            JdbcTemplate sql = new JdbcTemplate(database.dataSource());

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(sql.queryForObject(
                    "SELECT count(*) FROM audit_checkpoint c JOIN tenant t ON t.tenant_id = c.tenant_id "
                            + "AND t.head_sequence = c.tenant_sequence", Long.class)).isEqualTo(1));
            long signed = sql.queryForObject("SELECT count(*) FROM audit_checkpoint", Long.class);
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(sql.queryForObject("SELECT count(*) FROM audit_checkpoint", Long.class))
                            .as("an unchanged head is not signed again").isEqualTo(signed));
        }
    }

    /** Issue 15.2: the scheduler verifies before it signs; a chain that does not verify raises the alarm. */
    @Test
    void aTamperedChainIsNotSignedAndTheTenantIsSignalled() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        try (RunningService service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .set("CROSSLAYER_AUDIT_CHECKPOINT_INTERVAL", "PT1S")
                .start()) {
            devLogin(service.http(), "mallory@scheduled.test");
            JdbcTemplate sql = new JdbcTemplate(database.dataSource());
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(sql.queryForObject(
                    "SELECT count(*) FROM audit_checkpoint c JOIN tenant t ON t.tenant_id = c.tenant_id "
                            + "AND t.head_sequence = c.tenant_sequence", Long.class)).isEqualTo(1));
            long head = sql.queryForObject("SELECT head_sequence FROM tenant", Long.class);

            // A superuser rewrites the signed last event, then the log moves on as usual.
            sql.execute("BEGIN; ALTER TABLE domain_event_entry DISABLE TRIGGER USER; UPDATE domain_event_entry SET "
                    + "payload = convert_to('{\"forged\":true}', 'UTF8') WHERE tenant_sequence = " + head
                    + "; ALTER TABLE domain_event_entry ENABLE TRIGGER USER; COMMIT");
            devLogin(service.http(), "mallory@scheduled.test");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sql.queryForObject(
                    "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%.SignalRaised' AND "
                            + "convert_from(payload, 'UTF8') LIKE '%AUDIT_INTEGRITY%'", Long.class)).isEqualTo(1));
            service.management().get().uri("/actuator/health").exchange().expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.components.auditIntegrity.status").isEqualTo("DOWN");
            assertThat(sql.queryForObject("SELECT max(tenant_sequence) FROM audit_checkpoint", Long.class))
                    .as("nothing after the rewritten event is signed").isEqualTo(head);
        }
    }
}
