package ai.crosslayer.ops.web;

import ai.crosslayer.command.tenant.app.MemberSessions;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.util.Arrays;

import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures what a server-side session costs per request (issue 12 item 4): the session check alone (one
 * primary-key lookup in the tenant's scope, on a bounded-elastic thread), and a public request over HTTP
 * with a session cookie against the same request without one. Asserts correctness only, never speed;
 * prints what it measured. Not part of the test command; run it with the README's benchmark command.
 */
class SessionCheckBenchmark {

    private static final int CHECKS = Integer.getInteger("session.benchmark.checks", 5_000);

    @TempDir
    Path dataDir;

    @Test
    void sessionCheckPerRequest() {
        try (RunningService service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(TestPostgres.freshDatabase())
                .set("logging.level.ai.crosslayer", "WARN")
                .start()) {
            WebTestClient http = service.http();
            String session = devLogin(http, "ada@benchmark.test");
            MemberSessions sessions = service.bean(MemberSessions.class);
            MockServerHttpRequest request = MockServerHttpRequest.get("/api/me")
                    .cookie(new HttpCookie("crosslayer_session", session)).build();
            for (int i = 0; i < CHECKS / 5; i++) {
                assertThat(sessions.signedIn(request).block()).isPresent();
            }
            long[] check = new long[CHECKS];
            for (int i = 0; i < CHECKS; i++) {
                long start = System.nanoTime();
                assertThat(sessions.signedIn(request).block()).isPresent();
                check[i] = System.nanoTime() - start;
            }
            report("session check (MemberSessions.signedIn), %d checks: median %.2f ms, p99 %.2f ms", CHECKS,
                    percentile(check, 50) / 1e6, percentile(check, 99) / 1e6);

            long[] without = new long[CHECKS / 5];
            long[] with = new long[CHECKS / 5];
            for (int i = 0; i < without.length; i++) {
                long start = System.nanoTime();
                http.get().uri("/api/audit/public-key").exchange().expectStatus().isOk();
                long between = System.nanoTime();
                http.get().uri("/api/audit/public-key").cookie("crosslayer_session", session).exchange().expectStatus().isOk();
                with[i] = System.nanoTime() - between;
                without[i] = between - start;
            }
            report("GET /api/audit/public-key over HTTP, %d each: without a cookie median %.2f ms (p99 %.2f ms), "
                            + "with a session cookie median %.2f ms (p99 %.2f ms)", without.length,
                    percentile(without, 50) / 1e6, percentile(without, 99) / 1e6,
                    percentile(with, 50) / 1e6, percentile(with, 99) / 1e6);
        }
    }

    private static double percentile(long[] samples, int percentile) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    private static void report(String format, Object... args) {
        System.out.printf("[session benchmark] " + format + "%n", args);
    }
}
