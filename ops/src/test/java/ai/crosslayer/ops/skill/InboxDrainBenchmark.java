package ai.crosslayer.ops.skill;

import ai.crosslayer.command.integration.vault.MasterKeys;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.AnthropicFake;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.policy;
import static ai.crosslayer.ops.testing.Integrations.signedSlackEvent;
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
        try (SlackFake slack = new SlackFake(); AnthropicFake anthropic = new AnthropicFake()) {
            String tenantA;
            try (RunningService seeding = service(database, slack, anthropic, false)) {
                String adminA = devLogin(seeding.http(), "ada@drain-a.test");
                tenantA = me(seeding.http(), adminA).path("tenantId").asText();
                connectSlack(seeding.http(), adminA, slack, "code-drain-a", new SlackFake.Team("T0DRAINA", "Drain A", "U0BOTA"));
                policy(seeding.http(), adminA, List.of("C0A"), "ANYONE");
                String adminB = devLogin(seeding.http(), "bea@drain-b.test");
                connectSlack(seeding.http(), adminB, slack, "code-drain-b", new SlackFake.Team("T0DRAINB", "Drain B", "U0BOTB"));
                policy(seeding.http(), adminB, List.of("C0B"), "ANYONE");
                seed(db, seeding.bean(MasterKeys.class), tenantA);
            }
            assertThat(waiting(db)).isEqualTo(ROWS);
            anthropic.on("fairness probe").answers(Map.of("found", true, "name", "fairness-probe",
                    "description", "Tenant B's message, worked while tenant A's backlog drains.",
                    "steps", List.of("Drain the queue.", "Restart the workers.")));

            try (RunningService draining = service(database, slack, anthropic, true)) {
                Instant started = Instant.now();
                long now = started.getEpochSecond();
                signedSlackEvent(draining.http(), SlackFake.SIGNING_SECRET, now, ("{\"token\":\"unused\",\"team_id\":\"T0DRAINB\","
                        + "\"api_app_id\":\"A0TESTAPP\",\"event\":{\"type\":\"message\",\"channel\":\"C0B\",\"user\":\"U0BEA\","
                        + "\"text\":\"The fairness probe runbook: first drain the queue, then restart the workers, and finally "
                        + "check the dashboards. Make sure nobody deploys meanwhile.\",\"ts\":\"%d.000100\","
                        + "\"channel_type\":\"channel\"},\"type\":\"event_callback\",\"event_id\":\"Ev0PROBE\",\"event_time\":%d}")
                        .formatted(now, now)).expectStatus().isOk();
                Instant[] probeCard = new Instant[1];
                Instant firstDrop = null;
                long atFirstDrop = ROWS;
                Instant end = started.plus(Duration.ofMinutes(5));
                while (Instant.now().isBefore(end)) {
                    long left = waiting(db) - (probeWaiting(db) ? 1 : 0);
                    if (firstDrop == null && left < ROWS) {
                        firstDrop = Instant.now();
                        atFirstDrop = left;
                    }
                    if (probeCard[0] == null && slack.posts().stream().anyMatch(p -> p.blocks() != null
                            && p.blocks().contains("fairness-probe"))) {
                        probeCard[0] = Instant.now();
                    }
                    if (left == 0 && probeCard[0] != null) {
                        break;
                    }
                    Thread.sleep(50);
                }
                Instant drained = Instant.now();
                assertThat(waiting(db)).as("everything drained").isZero();
                assertThat(probeCard[0]).as("tenant B's card").isNotNull();
                double wholeSeconds = Duration.between(started, drained).toMillis() / 1000.0;
                double steadySeconds = Duration.between(firstDrop, drained).toMillis() / 1000.0;
                report("%d discarded rows of tenant A drained in %.1f s after start: %.0f rows/s; steady %.0f rows/s "
                                + "(%d rows in %.1f s from the first delete)", ROWS, wholeSeconds, ROWS / wholeSeconds,
                        atFirstDrop / steadySeconds, atFirstDrop, steadySeconds);
                report("tenant B's message (model + card) while A's backlog drained: card %.1f s after the event",
                        Duration.between(started, probeCard[0]).toMillis() / 1000.0);
                report("prometheus: %s", draining.http().get().uri("/actuator/prometheus").exchange()
                        .expectBody(String.class).returnResult().getResponseBody().lines()
                        .filter(line -> line.startsWith("crosslayer_inbox_")).toList());
            }
        }
    }

    /** {@code ROWS} sealed small-talk rows of {@code tenant}, as intake would have committed them. */
    private static void seed(JdbcTemplate db, MasterKeys keys, String tenant) {
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            byte[] sealed = keys.seal(("lunch at noon? #" + i).getBytes(StandardCharsets.UTF_8));
            rows.add(new Object[]{tenant, "Ev0DRAIN" + i, "T0DRAINA", "C0A", "U0ADA",
                    "1764600000." + String.format("%06d", i), keys.currentKeyId(), sealed, now, now});
        }
        for (int from = 0; from < ROWS; from += 1000) {
            db.batchUpdate("INSERT INTO slack_inbox (tenant_id, event_id, event_kind, team_id, channel_id, user_id, "
                    + "message_ts, key_id, sealed_text, received_at, not_before) VALUES (?, ?, 'message', ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows.subList(from, Math.min(ROWS, from + 1000)));
        }
    }

    private static long waiting(JdbcTemplate db) {
        return db.queryForObject("SELECT count(*) FROM slack_inbox", Long.class);
    }

    private static boolean probeWaiting(JdbcTemplate db) {
        return db.queryForObject("SELECT count(*) FROM slack_inbox WHERE event_id = 'Ev0PROBE'", Long.class) > 0;
    }

    private RunningService service(TestPostgres.Database database, SlackFake slack, AnthropicFake anthropic, boolean workers) {
        return RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .slack(slack)
                .anthropic(anthropic)
                .set("crosslayer.inbox.workers", workers)
                .set("crosslayer.inbox.poll-interval", System.getProperty("drain.benchmark.poll-interval", "PT0.5S"))
                .set("crosslayer.inbox.batch", Integer.getInteger("drain.benchmark.batch", 500))
                .set("crosslayer.inbox.triage-workers", Integer.getInteger("drain.benchmark.triage-workers", 2))
                .set("crosslayer.inbox.gauge-interval", "PT1S")
                .set("logging.level.ai.crosslayer", System.getProperty("drain.benchmark.log", "WARN"))
                .start();
    }

    private static void report(String format, Object... args) {
        System.out.printf("[drain benchmark] " + format + "%n", args);
    }
}
