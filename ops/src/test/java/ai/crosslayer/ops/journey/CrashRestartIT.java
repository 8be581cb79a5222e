package ai.crosslayer.ops.journey;

import ai.crosslayer.ops.testing.AnthropicFake;
import ai.crosslayer.ops.testing.ServiceProcess;
import ai.crosslayer.ops.testing.SlackEvents;
import ai.crosslayer.ops.testing.SlackFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.sql.DataSource;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.policy;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crash, restart, carry on (issue 11.6), with the service in a process of its own on its embedded database:
 * killed with SIGKILL while Slack events pour in, it leaves its PostgreSQL behind; the next start stops that
 * server, comes up, and works every event it acknowledged — and Slack's retries of the ones it did not —
 * exactly once. Then a SIGTERM under the same load stops it without a stack trace (issue 11.5).
 */
class CrashRestartIT {

    private static final int EVENTS = 120;
    private static final int CHANNELS = 12;
    private static final String TEXT = "Rotating the signing key [%s]: first generate the new key, then list the "
            + "old public key as retired, and finally restart every node with the new key set.";

    @TempDir
    Path dir;

    private final SlackFake slack = new SlackFake();
    private final AnthropicFake anthropic = new AnthropicFake();
    private final long now = Instant.now().getEpochSecond();

    @AfterEach
    void stopFakes() throws Exception {
        slack.close();
        anthropic.close();
    }

    @Test
    void killedUnderASlackEventLoadItRestartsAndWorksEveryAcknowledgedEventExactlyOnce() throws Exception {
        IntStream.range(0, EVENTS + EVENTS / 2).forEach(this::script);
        Set<Integer> acked = ConcurrentHashMap.newKeySet();
        long killedAt;
        try (ServiceProcess first = start("first.log")) {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(first::healthy);
            WebTestClient web = first.http();
            String admin = devLogin(web, "ada@storm.test");
            connectSlack(web, admin, slack, "code-storm", new SlackFake.Team("T0STORM", "Storm", "U0BOTSTORM"));
            policy(web, admin, IntStream.range(0, CHANNELS).mapToObj(CrashRestartIT::channel).toList(), "ADMINS_AND_LISTED");

            ExecutorService storm = storm(first, 0, EVENTS, acked);
            await().atMost(Duration.ofMinutes(2)).until(() -> acked.size() >= EVENTS / 3);
            first.kill(); // SIGKILL, requests in flight
            killedAt = System.nanoTime();
            storm.shutdown();
            assertThat(storm.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(EVENTS / 3).hasSizeLessThan(EVENTS);

        try (ServiceProcess second = start("second.log")) {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(second::healthy);
            long killToHealthy = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            System.out.println("CrashRestartIT: SIGKILL -> healthy again: " + killToHealthy + " ms");
            Files.writeString(Path.of("target/crash-restart.txt"), "kill -9 -> healthy: " + killToHealthy + " ms\n");
            assertThat(second.log()).contains("left behind by a CrossLayer that did not stop; stopping it before starting");

            // Slack retries what was never acknowledged; every event is then acknowledged once, by one process or the other.
            List<Integer> retried = IntStream.range(0, EVENTS).filter(i -> !acked.contains(i)).boxed().toList();
            // As Slack does, an event answered 503 (a cold service that could not commit it within the ack deadline)
            // is sent again until it is acknowledged.
            retried.forEach(i -> await("retry of event " + i).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> send(second, i)));

            JdbcTemplate stored = new JdbcTemplate(ownerOfTheEmbeddedDatabase());
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(SlackEvents.extractedPerMessage(stored)).hasSize(EVENTS));
            assertThat(SlackEvents.extractedPerMessage(stored)).as("each event's skill, extracted once")
                    .allSatisfy((ts, count) -> assertThat(count).as(ts).isOne());

            // Stopping under load is graceful and quiet: Spring first, the database last, no stack trace.
            Set<Integer> during = ConcurrentHashMap.newKeySet();
            ExecutorService load = storm(second, EVENTS, EVENTS + EVENTS / 2, during);
            await().atMost(Duration.ofMinutes(1)).until(() -> during.size() >= 10);
            int exit = second.stop();
            load.shutdown();
            assertThat(load.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
            String stopping = second.log().substring(second.log().lastIndexOf("Commencing graceful shutdown"));
            assertThat(stopping).doesNotContain("\tat ", "Exception", "ERROR")
                    .contains("stopping the embedded PostgreSQL", "database system is shut down");
            assertThat(exit).as("SIGTERM: the JVM's exit code 128 + 15").isEqualTo(143);
        }
    }

    /** Four senders, as Slack sends concurrently; an event counts as acknowledged only on a 200. */
    private ExecutorService storm(ServiceProcess service, int from, int to, Set<Integer> acked) {
        AtomicInteger next = new AtomicInteger(from);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            senders.submit(() -> {
                for (int i = next.getAndIncrement(); i < to && service.alive(); i = next.getAndIncrement()) {
                    if (send(service, i)) {
                        acked.add(i);
                    }
                }
            });
        }
        return senders;
    }

    private boolean send(ServiceProcess service, int i) {
        return SlackEvents.message(service, "T0STORM", channel(i % CHANNELS), TEXT.formatted(marker(i)), ts(i),
                "Ev0STORM%05d".formatted(i), now);
    }

    /** Two answers each: a crash between the model's answer and the commit asks it again. */
    private void script(int i) {
        Map<String, Object> skill = Map.of("found", true, "name", "rotate-the-signing-key-" + i,
                "description", "Rotate the audit signing key.", "steps", List.of("Generate.", "Retire.", "Restart."));
        anthropic.on(marker(i)).answers(skill).answers(skill);
    }

    private ServiceProcess start(String log) {
        return ServiceProcess.start(Map.of(
                "SPRING_PROFILES_ACTIVE", "local",
                "CROSSLAYER_DATA_DIR", dir.resolve("data").toString(),
                "CROSSLAYER_SLACK_CLIENT_ID", SlackFake.CLIENT_ID,
                "CROSSLAYER_SLACK_CLIENT_SECRET", SlackFake.CLIENT_SECRET,
                "CROSSLAYER_SLACK_SIGNING_SECRET", SlackFake.SIGNING_SECRET,
                "CROSSLAYER_SLACK_API_URL", slack.apiUrl(),
                "CROSSLAYER_ANTHROPIC_API_KEY", AnthropicFake.API_KEY,
                "CROSSLAYER_ANTHROPIC_BASE_URL", anthropic.url()),
                List.of("--crosslayer.anthropic.calls-per-minute=100000", "--crosslayer.anthropic.first-backoff=PT0.05S",
                        "--crosslayer.inbox.poll-interval=PT0.1S", "--crosslayer.inbox.retry-backoff=PT0.2S"),
                dir.resolve(log));
    }

    /** As an operator would reach it: the port from postmaster.pid, the owner's password from the key folder. */
    private DataSource ownerOfTheEmbeddedDatabase() throws IOException {
        Path data = dir.resolve("data");
        String port = Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(3).strip();
        return new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", Files.readString(data.resolve("keys/postgres-owner.password")).trim());
    }

    private String ts(int i) {
        return "%d.%06d".formatted(now, i);
    }

    private static String marker(int i) {
        return "storm-%05d".formatted(i);
    }

    private static String channel(int i) {
        return "C0STORM%02d".formatted(i);
    }
}
