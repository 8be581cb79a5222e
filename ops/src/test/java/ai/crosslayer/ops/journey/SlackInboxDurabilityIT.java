package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.AnthropicFake;
import ai.crosslayer.ops.testing.EventStoreProbe;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import ai.crosslayer.ops.testing.SlackInbound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.policy;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inbox keeps what Slack was promised: an acked event survives a crash before its work (the sealed row
 * is there for the next process), and no row outlives the maximum age. Issue #6.
 */
class SlackInboxDurabilityIT {

    private static final String TEXT = "Failing over the database: first promote the replica, then repoint the "
            + "service, and finally rebuild the old primary as a replica. Make sure writes are paused first.";

    @TempDir
    Path dataDir;

    private final TestPostgres.Database database = TestPostgres.freshDatabase();
    private final JdbcTemplate db = new JdbcTemplate(database.dataSource());
    private final EventStoreProbe store = EventStoreProbe.of(database);
    private final SlackFake slack = new SlackFake();
    private final AnthropicFake anthropic = new AnthropicFake();

    @AfterEach
    void stop() throws Exception {
        slack.close();
        anthropic.close();
    }

    @Test
    void anEventAckedBeforeACrashIsWorkedByTheNextProcessAndItsTextIsSealedMeanwhile() {
        try (RunningService crashed = service(false)) {
            String admin = devLogin(crashed.http(), "ada@durable.test");
            connectSlack(crashed.http(), admin, slack, "code-durable", new SlackFake.Team("T0DURABLE", "Durable", "U0BOTDUR"));
            policy(crashed.http(), admin, List.of("C0DB"), "ADMINS_AND_LISTED");
            SlackInbound.send(crashed.http(), event("T0DURABLE", "Ev0DURABLE")).expectStatus().isOk();
            // Acked, and no worker got to it (this process "crashes" now).
            assertThat(db.queryForObject("SELECT count(*) FROM slack_inbox WHERE event_id = 'Ev0DURABLE'", Long.class)).isOne();
            byte[] sealed = db.queryForObject("SELECT sealed_text FROM slack_inbox WHERE event_id = 'Ev0DURABLE'", byte[].class);
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("promote the replica");
        }
        anthropic.on("Failing over the database").answers(Map.of("found", true, "name", "fail-over-the-database",
                "description", "Fail the database over to its replica.",
                "steps", List.of("Pause writes.", "Promote the replica.", "Repoint the service.", "Rebuild the old primary.")));
        try (RunningService next = service(true)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> store.everyTenant().count("SkillExtracted") == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> db.queryForObject(
                    "SELECT count(*) FROM slack_inbox", Long.class) == 0);
        }
    }

    @Test
    void noRowOutlivesTheMaximumAgeWorkedOrNot() {
        anthropic.goDown();
        try (RunningService service = service(true)) {
            String admin = devLogin(service.http(), "ada@aging.test");
            connectSlack(service.http(), admin, slack, "code-aging", new SlackFake.Team("T0AGING", "Aging", "U0BOTAGE"));
            policy(service.http(), admin, List.of("C0DB"), "ADMINS_AND_LISTED");
            SlackInbound.send(service.http(), event("T0AGING", "Ev0AGING")).expectStatus().isOk();
            await().atMost(Duration.ofSeconds(10)).until(() -> anthropic.requests().size() >= 1);
            assertThat(db.queryForObject("SELECT count(*) FROM slack_inbox WHERE event_id = 'Ev0AGING'", Long.class))
                    .as("waiting while Anthropic is down").isOne();
            // A day passes.
            db.update("UPDATE slack_inbox SET received_at = received_at - interval '25 hours'");
            db.update("UPDATE slack_event_receipt SET received_at = received_at - interval '25 hours'");
            await().atMost(Duration.ofSeconds(10)).until(() -> db.queryForObject(
                    "SELECT count(*) FROM slack_inbox", Long.class) == 0
                    && db.queryForObject("SELECT count(*) FROM slack_event_receipt", Long.class) == 0);
        }
    }

    private RunningService service(boolean workers) {
        return RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .slack(slack)
                .anthropic(anthropic)
                .set("crosslayer.inbox.workers", workers)
                .start();
    }

    private static SlackInbound.Callback event(String team, String eventId) {
        return SlackInbound.message(team, eventId, "C0DB", "U0ADA", TEXT, Instant.now().getEpochSecond() + ".000100");
    }
}
