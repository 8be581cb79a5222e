package ai.crosslayer.ops.processing;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.ServiceProcess;
import ai.crosslayer.ops.testing.SharedDatabaseNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Commands per second at 1, 2 and 3 nodes on one PostgreSQL (issue 17.1): sign-ins ({@code POST /auth/dev-login},
 * each a command that appends to its tenant's chain and opens a session) from {@code clients} concurrent clients,
 * spread round-robin over the running nodes, over {@code tenants} tenants of 4 members. Nodes are started one more at
 * a time; every member signs in once before the first round, and each round is warmed up. Asserts correctness only (every sign-in answered 303), never speed; prints what
 * it measured, with the machine's load. Not part of the test command:
 * {@code -Dit.test=MultiNodeBenchmark [-Dnodes.benchmark.seconds=20 -Dnodes.benchmark.clients=16]}.
 */
class MultiNodeBenchmark {

    private static final int SECONDS = Integer.getInteger("nodes.benchmark.seconds", 20);
    private static final int CLIENTS = Integer.getInteger("nodes.benchmark.clients", 16);
    private static final int TENANTS = Integer.getInteger("nodes.benchmark.tenants", 16);
    private static final int MEMBERS = 4;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    @Test
    void signInsPerSecondAtOneTwoAndThreeNodes() throws Exception {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        JdbcTemplate db = new JdbcTemplate(database.dataSource());
        List<ServiceProcess> nodes = new ArrayList<>();
        List<String> report = new ArrayList<>();
        Map<String, String> environment = SharedDatabaseNodes.environment(database, dir);
        try {
            for (int n = 1; n <= 3; n++) {
                ServiceProcess node = ServiceProcess.start(environment,
                        List.of("--logging.level.ai.crosslayer=WARN"), dir.resolve("node" + n + ".log"));
                nodes.add(node);
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                        .until(() -> nodes.stream().allMatch(ServiceProcess::healthy));
                if (n == 1) {
                    warmUp(node); // every tenant and member exists: the rounds measure sign-ins, not sign-ups
                }
                run(nodes, Math.max(5, SECONDS / 4), db); // and every node has served some (JIT, pools)
                Round round = run(nodes, SECONDS, db);
                String line = ("%d node(s): %.0f sign-ins/s (median %.1f ms, p99 %.1f ms), %.0f events appended/s, %d failed; "
                        + "load average %s").formatted(n, round.perSecond(), round.median(), round.p99(), round.eventsPerSecond(),
                        round.failed(), loadAverage()) + (round.failed() == 0 ? "" : "; failures: " + failures);
                System.out.println("[nodes benchmark] " + line);
                report.add(line);
            }
        } finally {
            nodes.forEach(ServiceProcess::close);
        }
        Files.write(Path.of("target/multinode-benchmark.txt"), report);
        for (int n = 1; n <= nodes.size(); n++) { // kept beside the report, for a failure's causes
            Files.copy(dir.resolve("node" + n + ".log"), Path.of("target/multinode-benchmark-node" + n + ".log"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(failures).as("sign-ins not answered 303, by what they got instead").isEmpty();
    }

    private void warmUp(ServiceProcess node) throws InterruptedException {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < TENANTS * MEMBERS; i++) {
            String email = email(i);
            clients.submit(() -> signIn(node, email));
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
    }

    /** The i-th sign-in's member: tenants take turns, and each tenant's members take turns. */
    private static String email(int i) {
        return "member" + (i / TENANTS) % MEMBERS + "@t" + i % TENANTS + ".bench";
    }

    private record Round(double perSecond, double median, double p99, double eventsPerSecond, int failed) {
    }

    private Round run(List<ServiceProcess> nodes, int seconds, JdbcTemplate db) throws InterruptedException {
        long eventsBefore = events(db);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                while (System.nanoTime() < end) {
                    int i = next.getAndIncrement();
                    long sent = System.nanoTime();
                    if (signIn(nodes.get(i % nodes.size()), email(i))) {
                        latencies.add(System.nanoTime() - sent);
                        done.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
            });
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(seconds + 60L, TimeUnit.SECONDS)).isTrue();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Round(done.get() / elapsed, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6,
                (events(db) - eventsBefore) / elapsed, failed.get());
    }

    /** Whether the sign-in was answered 303; anything else is counted in {@link #failures} by what it was. */
    private boolean signIn(ServiceProcess node, String email) {
        String outcome;
        try {
            int status = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/auth/dev-login"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 303) {
                return true;
            }
            outcome = "HTTP " + status;
        } catch (IOException e) {
            outcome = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
        }
        failures.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
        return false;
    }

    /** The machine's load average over 1, 5 and 15 minutes: how much else was running. */
    private static String loadAverage() throws IOException {
        return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).strip().split(" "), 3));
    }

    private static long events(JdbcTemplate db) {
        Long events = db.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        return events == null ? 0 : events;
    }

    private static double percentile(long[] sorted, int percentile) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }
}
