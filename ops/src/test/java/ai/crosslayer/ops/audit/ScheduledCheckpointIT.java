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

/** Checkpoints are signed on their schedule, once per new chain head, with nobody asking. Issue #3. */
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
}
