package ai.crosslayer.ops.skill;

import ai.crosslayer.command.integration.store.MasterKeys;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.AnthropicFake;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import ai.crosslayer.ops.testing.SlackInbound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.policy;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures how fast the inbox drains rows the pre-filter discards (the bulk of captured channel traffic), and how
 * long another tenant's message that reaches the model waits meanwhile (fairness). A backlog of sealed rows of
 * tenant A is written while workers are off; a second process with workers on drains it while tenant B sends one
 * message worth a skill. Prints what it measured and asserts only that everything drained and B got its card. Not
 * part of the test command; run it with the README's benchmark command. Issue 19.
 */
class InboxDrainBenchmark {

    private static final int ROWS = Integer.getInteger("drain.benchmark.rows", 20_000);

    @TempDir
    Path dataDir;

    @Test
    void drainRate() throws Exception {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        JdbcTemplate db = new JdbcTemplate(database.dataSource());
        try (SlackFake slack = new SlackFake(); AnthropicFake anthropic = new AnthropicFake();
             RunningService service = service(database, slack, anthropic)) {
            String adminA = devLogin(service.http(), "ada@drain-a.test");
            String tenantA = me(service.http(), adminA).path("tenantId").asText();
            connectSlack(service.http(), adminA, slack, "code-drain-a", new SlackFake.Team("T0DRAINA", "Drain A", "U0BOTA"));
            policy(service.http(), adminA, List.of("C0A"), "ANYONE");
            String adminB = devLogin(service.http(), "bea@drain-b.test");
            connectSlack(service.http(), adminB, slack, "code-drain-b", new SlackFake.Team("T0DRAINB", "Drain B", "U0BOTB"));
            policy(service.http(), adminB, List.of("C0B"), "ANYONE");
            // Warm-up: one message of B through the model to its card, so that nothing below pays for a cold start.
            probe(service, anthropic, "warm-up", "Ev0WARM");
            while (!carded(slack, "warm-up")) {
                Thread.sleep(50);
            }

            // Tenant A's backlog appears at once (one commit), as a burst of captured small talk would pile up.
            List<Object[]> rows = sealed(service.bean(MasterKeys.class), tenantA);
            commit(database, rows);
            Instant started = Instant.now();
            probe(service, anthropic, "fairness-probe", "Ev0PROBE");
            Instant probeCard = null;
            String gaugesMidway = null;
            Instant end = started.plus(Duration.ofMinutes(5));
            while (Instant.now().isBefore(end)) {
                long left = waiting(db);
                if (gaugesMidway == null && left < ROWS / 2) {
                    gaugesMidway = service.management().get().uri("/actuator/prometheus").exchange().expectBody(String.class)
                            .returnResult().getResponseBody().lines().filter(line -> line.startsWith("crosslayer_inbox_"))
                            .toList().toString();
                }
                if (probeCard == null && carded(slack, "fairness-probe")) {
                    probeCard = Instant.now();
                }
                if (left == 0 && probeCard != null) {
                    break;
                }
                Thread.sleep(20);
            }
            Instant drained = Instant.now();
            assertThat(waiting(db)).as("everything drained").isZero();
            assertThat(probeCard).as("tenant B's card").isNotNull();
            double seconds = Duration.between(started, drained).toMillis() / 1000.0;
            report("%d rows of tenant A that the pre-filter discards drained in %.2f s: %.0f rows/s (batch %s, %s triage workers)",
                    ROWS, seconds, ROWS / seconds, System.getProperty("drain.benchmark.batch", "500"),
                    System.getProperty("drain.benchmark.triage-workers", "2"));
            report("meanwhile tenant B's message (pre-filter, model, card) got its card %.2f s after its event",
                    Duration.between(started, probeCard).toMillis() / 1000.0);
            report("gauges midway: %s", gaugesMidway);
        }
    }

    private static void probe(RunningService service, AnthropicFake anthropic, String name, String eventId) {
        anthropic.on(name + " runbook").answers(Map.of("found", true, "name", name,
                "description", "Tenant B's message, worked while tenant A's backlog drains.",
                "steps", List.of("Drain the queue.", "Restart the workers.")));
        SlackInbound.send(service.http(), SlackInbound.message("T0DRAINB", eventId, "C0B", "U0BEA", ("The %s runbook: first "
                + "drain the queue, then restart the workers, and finally check the dashboards. Make sure nobody deploys "
                + "meanwhile.").formatted(name), Instant.now().getEpochSecond() + ".000100")).expectStatus().isOk();
    }

    private static boolean carded(SlackFake slack, String name) {
        return slack.posts().stream().anyMatch(post -> post.blocks() != null && post.blocks().contains(name));
    }

    /** {@code ROWS} sealed small-talk rows of {@code tenant}, as intake would have committed them. */
    private static List<Object[]> sealed(MasterKeys keys, String tenant) {
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            byte[] sealed = keys.seal(("lunch at noon? #" + i).getBytes(StandardCharsets.UTF_8));
            rows.add(new Object[]{tenant, "Ev0DRAIN" + i, "T0DRAINA", "C0A", "U0ADA",
                    "1764600000." + String.format("%06d", i), keys.currentKeyId(), sealed, now, now});
        }
        return rows;
    }

    private static void commit(TestPostgres.Database database, List<Object[]> rows) throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO slack_inbox (tenant_id, event_id, "
                    + "event_kind, team_id, channel_id, user_id, message_ts, key_id, sealed_text, received_at, not_before) "
                    + "VALUES (?, ?, 'message', ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Object[] row : rows) {
                    for (int column = 0; column < row.length; column++) {
                        insert.setObject(column + 1, row[column]);
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    private static long waiting(JdbcTemplate db) {
        return db.queryForObject("SELECT count(*) FROM slack_inbox", Long.class);
    }

    private RunningService service(TestPostgres.Database database, SlackFake slack, AnthropicFake anthropic) {
        return RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .slack(slack)
                .anthropic(anthropic)
                .set("crosslayer.inbox.poll-interval", System.getProperty("drain.benchmark.poll-interval", "PT0.5S"))
                .set("crosslayer.inbox.batch", Integer.getInteger("drain.benchmark.batch", 500))
                .set("crosslayer.inbox.triage-workers", Integer.getInteger("drain.benchmark.triage-workers", 2))
                .set("crosslayer.inbox.gauge-interval", "PT0.5S")
                .set("logging.level.ai.crosslayer", System.getProperty("drain.benchmark.log", "WARN"))
                .start();
    }

    private static void report(String format, Object... args) {
        System.out.printf("[drain benchmark] " + format + "%n", args);
    }
}
