package ai.crosslayer.ops.skill;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.Integrations;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import ai.crosslayer.ops.testing.SlackInbound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.policy;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the ack latency of signed {@code POST /slack/events} (verify, commit to the sealed inbox, answer):
 * a minute at a steady rate, then rising rates until the p99 passes 100 ms. Workers are off, so this is the
 * intake alone. Asserts only that every request was acked 200; prints what it measured. Not part of the
 * test command; run it with the README's benchmark command. Issue #6.
 */
public class SlackIntakeBenchmark {

    private static final int STEADY_RATE = Integer.getInteger("intake.benchmark.rate", 50);
    private static final int STEADY_SECONDS = Integer.getInteger("intake.benchmark.seconds", 60);
    private static final AtomicLong EVENT = new AtomicLong();

    @TempDir
    Path dataDir;

    @Test
    void ackLatency() throws Exception {
        withIntake(dataDir, (client, events) -> {
            run(client, events, 50, 5); // warm-up
            long[] steady = run(client, events, STEADY_RATE, STEADY_SECONDS);
            report("steady %d events/s for %d s: median %.1f ms, p99 %.1f ms, max %.1f ms", STEADY_RATE, STEADY_SECONDS,
                    ms(percentile(steady, 50)), ms(percentile(steady, 99)), ms(percentile(steady, 100)));
            for (int rate = 100; rate <= 3200; rate *= 2) {
                long[] latencies = run(client, events, rate, 10);
                double p99 = ms(percentile(latencies, 99));
                report("%d events/s for 10 s: median %.1f ms, p99 %.1f ms", rate, ms(percentile(latencies, 50)), p99);
                if (p99 > 100) {
                    report("p99 passed 100 ms at %d events/s", rate);
                    break;
                }
            }
            return null;
        });
    }

    /**
     * The ack latencies (ns) of {@code seconds} of signed events at each of {@code rates} events/s, after a
     * five-second warm-up, on a service of its own. The cost benchmark shows these too.
     */
    public static Map<Integer, long[]> ackLatencies(Path dataDir, int seconds, int... rates) throws Exception {
        return withIntake(dataDir, (client, events) -> {
            run(client, events, 50, 5); // warm-up
            Map<Integer, long[]> latencies = new LinkedHashMap<>();
            for (int rate : rates) {
                latencies.put(rate, run(client, events, rate, seconds));
            }
            return latencies;
        });
    }

    /** What is measured against the intake. */
    private interface Intake<T> {
        T measure(HttpClient client, URI events) throws Exception;
    }

    /** A service with Slack connected to a fake and passive capture on, its inbox workers off: the intake alone. */
    private static <T> T withIntake(Path dataDir, Intake<T> work) throws Exception {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        try (SlackFake slack = new SlackFake();
             RunningService service = RunningService.withProfile("local")
                     .set("CROSSLAYER_DATA_DIR", dataDir)
                     .database(database)
                     .slack(slack)
                     .set("crosslayer.inbox.workers", false)
                     .set("logging.level.ai.crosslayer", "WARN")
                     .start()) {
            String admin = devLogin(service.http(), "ada@intake-benchmark.test");
            connectSlack(service.http(), admin, slack, "code-bench", new SlackFake.Team("T0BENCH", "Bench", "U0BOTB"));
            policy(service.http(), admin, List.of("C0BENCH"), "ANYONE");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            return work.measure(client, URI.create(service.baseUrl() + "/slack/events"));
        }
    }

    /** Sends {@code rate} signed events a second for {@code seconds}, on schedule; answers each one's latency (ns). */
    private static long[] run(HttpClient client, URI events, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long interval = 1_000_000_000L / rate;
        List<CompletableFuture<Long>> answers = new ArrayList<>(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long now = Instant.now().getEpochSecond();
            String body = SlackInbound.message("T0BENCH", "Ev0B" + EVENT.incrementAndGet(), "C0BENCH", "U0ADA",
                    "benchmark message " + i + " about how we deploy, first this then that", "%d.%06d".formatted(now, i % 1_000_000))
                    .at(now).json();
            HttpRequest request = HttpRequest.newBuilder(events)
                    .header("Content-Type", "application/json")
                    .header("X-Slack-Request-Timestamp", String.valueOf(now))
                    .header("X-Slack-Signature", Integrations.slackSignature(SlackFake.SIGNING_SECRET, now, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            long sent = System.nanoTime();
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(response -> {
                assertThat(response.statusCode()).isEqualTo(200);
                return System.nanoTime() - sent;
            }));
        }
        long[] latencies = new long[total];
        for (int i = 0; i < total; i++) {
            latencies[i] = answers.get(i).get();
        }
        return latencies;
    }

    public static double percentile(long[] samples, int percentile) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }

    private static void report(String format, Object... args) {
        System.out.printf("[intake benchmark] " + format + "%n", args);
    }
}
