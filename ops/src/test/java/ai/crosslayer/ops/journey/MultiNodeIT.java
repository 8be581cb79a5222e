package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.AnthropicFake;
import ai.crosslayer.ops.testing.EventStoreProbe;
import ai.crosslayer.ops.testing.ServiceProcess;
import ai.crosslayer.ops.testing.SharedDatabaseNodes;
import ai.crosslayer.ops.testing.SlackEvents;
import ai.crosslayer.ops.testing.SlackFake;
import ai.crosslayer.ops.testing.SlackInbound;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.putPolicyWhenCurrent;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several nodes on one PostgreSQL (issue 17.1): two service processes ({@code java -jar}) on one database share the
 * projections' segments; Slack events go to both; one is killed with SIGKILL mid-stream. Every acknowledged event
 * (and Slack's retries of the others, sent to the survivor) is worked exactly once, every skill card and every
 * conflict signal is posted once, the survivor takes over the dead node's segments within a bounded time (measured
 * and printed), and the projections reach the end of the stream.
 */
class MultiNodeIT {

    private static final int EVENTS = 48;
    private static final int CHANNELS = 16;
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(3);
    /** Claim timeout + a heartbeat (a third of it) + a claim interval, with room for a loaded two-core machine. */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(15);
    private static final String TEAM = "T0NODES";
    private static final String CONFIRMED = "deploy-the-api";
    private static final String TEXT = "How we ship [%s]: first merge to main, then run the deploy command, and finally "
            + "watch the dashboards. Make sure the canary is green before you promote it.";
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void twoNodesShareTheWorkAndTheSurvivorOfASigkillFinishesItExactlyOnce() throws Exception {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        JdbcTemplate db = new JdbcTemplate(database.dataSource());
        EventStoreProbe.Events stored = EventStoreProbe.of(database).everyTenant();
        Map<String, String> environment = environment(database);
        IntStream.range(0, EVENTS).forEach(this::script);
        try (ServiceProcess first = ServiceProcess.start(environment, options(), Path.of("target").toAbsolutePath().resolve("mn-first.log"));
             ServiceProcess second = ServiceProcess.start(environment, options(), Path.of("target").toAbsolutePath().resolve("mn-second.log"))) {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> first.healthy() && second.healthy());

            // The second node gets its share: every processor's four segments, two per node.
            List<String> processors = db.queryForList("SELECT DISTINCT processor_name FROM token_entry", String.class);
            assertThat(processors).isNotEmpty();
            // (Both awaited: the second claims a segment only after the first has let it go, a claim interval later.)
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(segmentsHeld(db, first)).as("segments per processor held by the first node")
                        .containsOnlyKeys(processors).allSatisfy((processor, held) -> assertThat(held).as(processor).isEqualTo(2));
                assertThat(segmentsHeld(db, second)).as("segments per processor held by the second node")
                        .containsOnlyKeys(processors).allSatisfy((processor, held) -> assertThat(held).as(processor).isEqualTo(2));
            });

            WebTestClient web = first.http();
            String admin = devLogin(web, "ada@nodes.test");
            connectSlack(web, admin, slack, "code-nodes", new SlackFake.Team(TEAM, "Nodes", "U0BOTNODES"));
            putPolicyWhenCurrent(web, admin, Map.of("passiveCaptureChannels",
                    IntStream.range(0, CHANNELS).mapToObj(MultiNodeIT::channel).toList(), "approvers", "ANYONE",
                    "signalChannel", "C0SIGNALS"));
            confirmBaseSkill(db, second);

            // Slack's events, alternately to each node, four at a time; SIGKILL the second one a third of the way.
            Set<Integer> acked = ConcurrentHashMap.newKeySet();
            ExecutorService storm = storm(List.of(first, second), acked);
            await().atMost(Duration.ofMinutes(2)).until(() -> acked.size() >= EVENTS / 3);
            second.kill();
            long killedAt = System.nanoTime();
            storm.shutdown();

            // While the rest of the storm goes to the survivor, it takes every segment over once the dead node's claims
            // expire.
            await().atMost(TAKEOVER_BOUND.plusSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    segmentsHeld(db, first).values().stream().allMatch(held -> held == 4)
                            && segmentsHeld(db, first).keySet().containsAll(processors));
            long takeover = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            System.out.println("MultiNodeIT: SIGKILL -> the survivor holds every segment: " + takeover + " ms (claim timeout "
                    + CLAIM_TIMEOUT.toMillis() + " ms)");
            Files.writeString(Path.of("target/multinode-takeover.txt"), "kill -9 of one of two nodes -> survivor holds every "
                    + "segment: " + takeover + " ms (claim timeout " + CLAIM_TIMEOUT.toMillis() + " ms)\n");
            assertThat(Duration.ofMillis(takeover)).isLessThan(TAKEOVER_BOUND);
            assertThat(first.log()).contains("2 node(s) share the projections' work", "1 node(s) share the projections' work");
            assertThat(storm.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
            assertThat(acked).hasSizeGreaterThanOrEqualTo(EVENTS / 3).hasSizeLessThan(EVENTS);

            // Slack retries what was never acknowledged; the load balancer sends it to the survivor.
            IntStream.range(0, EVENTS).filter(i -> !acked.contains(i))
                    .forEach(i -> assertThat(send(first, i)).as("retry of event %d", i).isTrue());

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(SlackEvents.extractedPerMessage(db)).hasSize(EVENTS + 1));
            assertThat(SlackEvents.extractedPerMessage(db)).as("each event's skill, extracted once")
                    .allSatisfy((ts, count) -> assertThat(count).as(ts).isOne());

            // Every card (one per skill) and every conflict signal (one per new skill) posted once.
            // A signal the dead node had claimed waits out its lease (2 minutes, SignalDispatcher) before the survivor
            // looks in Slack for it and posts it if it is not there.
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(postsPer("skill_approve", MultiNodeIT::skillIdIn)).hasSize(EVENTS + 1);
                assertThat(postsPer("signal_ack", MultiNodeIT::signalIdIn)).hasSize(EVENTS);
            });
            assertThat(postsPer("skill_approve", MultiNodeIT::skillIdIn)).as("cards posted per skill")
                    .allSatisfy((skill, posts) -> assertThat(posts).as(skill).isOne());
            assertThat(postsPer("signal_ack", MultiNodeIT::signalIdIn)).as("signals posted per signal")
                    .allSatisfy((signal, posts) -> assertThat(posts).as(signal).isOne());
            assertThat(stored.count("SignalRaised")).as("one conflict signal per new skill, raised once").isEqualTo(EVENTS);

            // The projections reach the end of the stream, and show every skill and every delivered signal.
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(db.queryForObject("SELECT min((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint) "
                            + "FROM token_entry", Long.class)).as("the furthest-behind segment's position")
                            .isGreaterThanOrEqualTo(stored.lastGlobalIndex()));
            assertThat(db.queryForObject("SELECT count(*) FROM skill_catalog", Long.class)).isEqualTo(EVENTS + 1);
            JsonNode signals = web.get().uri("/api/signals?kind=CONFLICT").cookie("crosslayer_session", admin).exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(signals).hasSize(EVENTS).allSatisfy(signal ->
                    assertThat(signal.path("state").asText()).as(signal.path("id").asText()).isEqualTo("dispatched"));
        }
    }

    /** Both nodes: one deployment on one database (SharedDatabaseNodes), Slack and Anthropic fakes, short claims. */
    private Map<String, String> environment(TestPostgres.Database database) {
        Map<String, String> environment = new LinkedHashMap<>(SharedDatabaseNodes.environment(database, dir));
        environment.put("CROSSLAYER_SLACK_CLIENT_ID", SlackFake.CLIENT_ID);
        environment.put("CROSSLAYER_SLACK_CLIENT_SECRET", SlackFake.CLIENT_SECRET);
        environment.put("CROSSLAYER_SLACK_SIGNING_SECRET", SlackFake.SIGNING_SECRET);
        environment.put("CROSSLAYER_SLACK_API_URL", slack.apiUrl());
        environment.put("CROSSLAYER_ANTHROPIC_API_KEY", AnthropicFake.API_KEY);
        environment.put("CROSSLAYER_ANTHROPIC_BASE_URL", anthropic.url());
        // Short claims, so that the takeover is quick enough for the test command.
        environment.put("CROSSLAYER_PROJECTIONS_CLAIM_TIMEOUT", CLAIM_TIMEOUT.toString());
        environment.put("CROSSLAYER_PROJECTIONS_CLAIM_INTERVAL", "PT0.5S");
        // A signal the killed node had claimed is taken up after its lease, not after the default 2 minutes.
        environment.put("CROSSLAYER_SIGNALS_LEASE", "PT10S");
        return environment;
    }

    private static List<String> options() {
        return List.of("--crosslayer.anthropic.calls-per-minute=100000", "--crosslayer.anthropic.first-backoff=PT0.05S",
                "--crosslayer.inbox.poll-interval=PT0.1S", "--crosslayer.inbox.retry-backoff=PT0.2S",
                "--crosslayer.inbox.lease=PT10S", "--crosslayer.signals.poll-interval=PT0.2S",
                "--crosslayer.signals.retry-backoff=PT0.2S");
    }

    /** Per processor, how many segments the node holds now. */
    private static Map<String, Integer> segmentsHeld(JdbcTemplate db, ServiceProcess node) {
        return db.queryForList("SELECT processor_name, count(*) AS n FROM token_entry WHERE owner LIKE ? GROUP BY 1",
                        node.pid() + "@%").stream()
                .collect(Collectors.toMap(row -> (String) row.get("processor_name"), row -> ((Number) row.get("n")).intValue()));
    }

    /** The skill every later one overlaps: extracted, carded and approved through the second node. */
    private void confirmBaseSkill(JdbcTemplate db, ServiceProcess node) {
        anthropic.on("How we ship [base]").answers(skill(CONFIRMED));
        assertThat(send(node, TEXT.formatted("base"), channel(0), "%d.999999".formatted(now), "Ev0NODESBASE")).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !postsPer("skill_approve", MultiNodeIT::skillIdIn).isEmpty());
        SlackFake.Post card = slack.posts().stream().filter(p -> p.blocks().contains("skill_approve")).findFirst().orElseThrow();
        String skill = skillIdIn(card);
        SlackInbound.interact(node.http(), SlackInbound.buttonPress(TEAM, "U0ADA", card, "skill_approve", skill))
                .expectStatus().isOk();
        // The catalog must show it confirmed before the next extractions look for overlaps.
        await().atMost(Duration.ofSeconds(20)).until(() -> db.queryForObject(
                "SELECT count(*) FROM skill_catalog WHERE skill_id = ? AND status = 'confirmed'", Long.class, skill) == 1);
    }

    /** Four senders; event i goes to node i % 2; it counts as acknowledged only on a 200. */
    private ExecutorService storm(List<ServiceProcess> nodes, Set<Integer> acked) {
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            senders.submit(() -> {
                for (int i = next.getAndIncrement(); i < EVENTS; i = next.getAndIncrement()) {
                    ServiceProcess node = nodes.get(i % nodes.size());
                    if (node.alive() && send(node, i)) {
                        acked.add(i);
                    }
                }
            });
        }
        return senders;
    }

    private boolean send(ServiceProcess node, int i) {
        return send(node, TEXT.formatted(marker(i)), channel(i % CHANNELS), ts(i), "Ev0NODES%05d".formatted(i));
    }

    private boolean send(ServiceProcess node, String text, String channel, String ts, String eventId) {
        return SlackEvents.message(node, TEAM, channel, text, ts, eventId, now);
    }

    /** Two answers each: a crash between the model's answer and the commit asks it again. Each overlaps the base skill. */
    private void script(int i) {
        Map<String, Object> skill = skill("deploy-the-a%02d".formatted(i));
        anthropic.on(marker(i)).answers(skill).answers(skill);
    }

    private static Map<String, Object> skill(String name) {
        return Map.of("found", true, "name", name, "description", "Ship " + name + ".",
                "steps", List.of("Merge to main.", "Run the deploy command."));
    }

    /** Posts whose blocks carry {@code action} (a card's approve button, a signal's acknowledge button), per id. */
    private Map<String, Long> postsPer(String action, Function<SlackFake.Post, String> id) {
        return slack.posts().stream().filter(p -> p.blocks() != null && p.blocks().contains(action))
                .collect(Collectors.groupingBy(id, Collectors.counting()));
    }

    private static String skillIdIn(SlackFake.Post card) {
        return valueOf(card, "skill_approve");
    }

    private static String signalIdIn(SlackFake.Post signal) {
        return valueOf(signal, "signal_ack");
    }

    /** The value of the button with this action id: the skill's or the signal's id. */
    private static String valueOf(SlackFake.Post post, String action) {
        try {
            for (JsonNode button : JSON.readTree(post.blocks()).findParents("action_id")) {
                if (action.equals(button.path("action_id").asText())) {
                    return button.path("value").asText();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no button " + action + " in " + post.blocks());
    }

    private String ts(int i) {
        return "%d.%06d".formatted(now, i);
    }

    private static String marker(int i) {
        return "nodes-%05d".formatted(i);
    }

    private static String channel(int i) {
        return "C0NODES%02d".formatted(i);
    }
}
