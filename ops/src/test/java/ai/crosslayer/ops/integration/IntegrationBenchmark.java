package ai.crosslayer.ops.integration;

import ai.crosslayer.command.integration.store.MasterKeys;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the token vault: seal and open time per token, and the time from a disconnect request to the
 * token's deletion (the response comes after the deleting transaction commits, so the response time bounds
 * it). Asserts correctness only, never speed; prints what it measured. Not part of the test command; run
 * it with the README's benchmark command. Issue #5.
 */
class IntegrationBenchmark {

    private static final int SEALS = 100_000;
    private static final int REVOKES = Integer.getInteger("integration.benchmark.revokes", 200);

    @TempDir
    Path dataDir;

    @Test
    void sealAndOpen() {
        MasterKeys keys = new MasterKeys(MasterKeys.generate(), List.of());
        // A Slack bot token's length (about 55 characters), obviously not one.
        byte[] token = ("fake-" + UUID.randomUUID() + "-" + UUID.randomUUID()).substring(0, 55).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            keys.open(keys.currentKeyId(), keys.seal(token));
        }
        long[] seal = new long[SEALS];
        long[] open = new long[SEALS];
        byte[] sealed = null;
        for (int i = 0; i < SEALS; i++) {
            long start = System.nanoTime();
            sealed = keys.seal(token);
            long sealedAt = System.nanoTime();
            byte[] opened = keys.open(keys.currentKeyId(), sealed);
            open[i] = System.nanoTime() - sealedAt;
            seal[i] = sealedAt - start;
            assertThat(opened).hasSize(token.length);
        }
        report("seal (crypto_box_seal, %d-byte token), per token: median %.1f µs, p99 %.1f µs", token.length,
                percentile(seal, 50) / 1e3, percentile(seal, 99) / 1e3);
        report("open (crypto_box_seal_open), per token: median %.1f µs, p99 %.1f µs",
                percentile(open, 50) / 1e3, percentile(open, 99) / 1e3);
    }

    @Test
    void revokeToDeletion() throws Exception {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        JdbcTemplate db = new JdbcTemplate(database.dataSource());
        try (SlackFake slack = new SlackFake();
             RunningService service = RunningService.withProfile("local")
                     .set("CROSSLAYER_DATA_DIR", dataDir)
                     .database(database)
                     .slack(slack)
                     .set("logging.level.ai.crosslayer", "WARN")
                     .start()) {
            WebTestClient http = service.http();
            String admin = devLogin(http, "ada@benchmark.test");
            List<String> integrations = new ArrayList<>();
            for (int i = 0; i < REVOKES + 20; i++) {
                integrations.add(connectSlack(http, admin, slack, "code-" + i,
                        new SlackFake.Team("T0BENCH" + i, "Bench " + i, "U0BOT" + i)));
            }
            long[] latency = new long[REVOKES];
            for (int i = 0; i < integrations.size(); i++) {
                long start = System.nanoTime();
                http.delete().uri("/api/integrations/" + integrations.get(i)).cookie("crosslayer_session", admin)
                        .exchange().expectStatus().isNoContent();
                long elapsed = System.nanoTime() - start;
                assertThat(db.queryForObject("SELECT count(*) FROM integration_token WHERE integration_id = ?",
                        Long.class, integrations.get(i))).isZero();
                if (i >= 20) { // the first 20 warm up
                    latency[i - 20] = elapsed;
                }
            }
            report("revoke request to token deleted (DELETE /api/integrations/{id} answered), %d revokes: "
                            + "median %.1f ms, p99 %.1f ms, max %.1f ms", REVOKES, percentile(latency, 50) / 1e6,
                    percentile(latency, 99) / 1e6, percentile(latency, 100) / 1e6);
        }
    }

    private static double percentile(long[] samples, int percentile) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void report(String format, Object... args) {
        System.out.printf("[integration benchmark] " + format + "%n", args);
    }
}
