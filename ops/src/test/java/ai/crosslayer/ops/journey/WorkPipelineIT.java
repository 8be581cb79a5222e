package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.AnthropicFake;
import ai.crosslayer.ops.testing.EventStoreProbe;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import ai.crosslayer.ops.testing.SlackInbound;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.policy;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The work after Slack's ack, with two tenants on one service: one tenant's troubles (Slack answering 429 for a
 * minute, a slow model) leave the other's messages worked within seconds; the model is asked once per message
 * even when posting its card fails; and a card whose post Slack took after the client gave up is in Slack once.
 * Issue 19.
 */
class WorkPipelineIT {

    @TempDir
    static Path dataDir;

    private static TestPostgres.Database database;
    private static JdbcTemplate db;
    private static EventStoreProbe store;
    private static SlackFake slack;
    private static AnthropicFake anthropic;
    private static RunningService service;
    private static WebTestClient http;
    private static String tenantA;
    private static String tenantB;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        db = new JdbcTemplate(database.dataSource());
        store = EventStoreProbe.of(database);
        slack = new SlackFake();
        anthropic = new AnthropicFake();
        service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .slack(slack)
                .anthropic(anthropic)
                // A post Slack has not answered within a second is uncertain (the fake below answers later).
                .set("crosslayer.slack.timeout", "PT1S")
                .set("crosslayer.work.threads", 6)
                .set("crosslayer.work.per-tenant", 2)
                .start();
        http = service.http();
        String adminA = devLogin(http, "ada@pipeline-a.test");
        tenantA = me(http, adminA).path("tenantId").asText();
        connectSlack(http, adminA, slack, "code-pipeline-a", new SlackFake.Team("T0PIPEA", "Pipeline A", "U0BOTA"));
        policy(http, adminA, List.of("C0A"), "ANYONE");
        String adminB = devLogin(http, "bea@pipeline-b.test");
        tenantB = me(http, adminB).path("tenantId").asText();
        connectSlack(http, adminB, slack, "code-pipeline-b", new SlackFake.Team("T0PIPEB", "Pipeline B", "U0BOTB"));
        policy(http, adminB, List.of("C0B"), "ANYONE");
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        slack.close();
        anthropic.close();
    }

    @Test
    void oneTenantsSlackAnswering429ForAMinuteAndASlowModelDoNotHoldAnotherTenantsMessages() {
        // Tenant B: every post in its channel answers 429 for a minute...
        slack.rateLimitPostsIn("C0B", Instant.now().plusSeconds(60));
        for (int i = 0; i < 6; i++) {
            String marker = "busyB" + i;
            anthropic.on(marker).answers(skill("busy-b-" + i));
            accept("T0PIPEB", "C0B", "Ev0BUSYB" + i, procedure(marker));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> skillsRecorded(tenantB) >= 2);
        // ... and two more of its messages each take the model 20 s.
        for (int i = 0; i < 2; i++) {
            String marker = "slowB" + i;
            anthropic.on(marker).answersAfter(Duration.ofSeconds(20), skill("slow-b-" + i));
            accept("T0PIPEB", "C0B", "Ev0SLOWB" + i, procedure(marker));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> asked("slowB0").size() + asked("slowB1").size() == 2);

        // Tenant A, meanwhile: its messages are worked, and their cards posted, within seconds.
        Instant sent = Instant.now();
        for (int i = 0; i < 3; i++) {
            String marker = "quietA" + i;
            anthropic.on(marker).answers(skill("quiet-a-" + i));
            accept("T0PIPEA", "C0A", "Ev0QUIETA" + i, procedure(marker));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cardsIn("C0A", "quiet-a-") == 3);
        assertThat(Duration.between(sent, Instant.now())).as("A's cards, while B is rate limited and its model is slow")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(cardsIn("C0B", "")).as("B's cards wait for their Retry-After").isZero();
        assertThat(db.queryForObject("SELECT count(*) FROM skill_card_outbox WHERE tenant_id = ?", Long.class, tenantB))
                .as("B's cards are owed, not lost").isPositive();
        // B's slow extractions finish too: its work was held by its own troubles only.
        await().atMost(Duration.ofSeconds(30)).until(() -> skillsRecorded(tenantB) == 8);
    }

    @Test
    void theModelIsAskedOnceWhenPostingTheCardFailsAndTheCardIsRetriedAlone() {
        slack.troubleOnlyIn("C0A");
        slack.failPosts(3);
        try {
            anthropic.on("onceA").answers(skill("asked-once"));
            accept("T0PIPEA", "C0A", "Ev0ONCE", procedure("onceA"));
            await().atMost(Duration.ofSeconds(20)).until(() -> cardsIn("C0A", "asked-once") == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> skillCardTs("Ev0ONCE") != null);
        } finally {
            slack.failPosts(0);
            slack.troubleOnlyIn(null);
        }
        assertThat(asked("onceA")).as("posting was retried, extraction was not").hasSize(1);
        assertThat(events("SkillExtracted", "asked-once")).isOne();
        assertThat(inbox("Ev0ONCE")).isZero();
    }

    @Test
    void aCardSlackTookAfterTheClientGaveUpIsFoundAndNotPostedAgain() {
        slack.answerPostsAfter(Duration.ofSeconds(3));
        String skillId;
        try {
            anthropic.on("lateA").answers(skill("answered-late"));
            accept("T0PIPEA", "C0A", "Ev0LATE", procedure("lateA"));
            await().atMost(Duration.ofSeconds(20)).until(() -> skillCardTs("Ev0LATE") != null);
        } finally {
            slack.answerPostsAfter(Duration.ZERO);
        }
        List<SlackFake.Post> cards = slack.posts().stream().filter(post -> post.blocks() != null
                && post.blocks().contains("answered-late")).toList();
        assertThat(cards).as("exactly one card in Slack").hasSize(1);
        assertThat(cards.get(0).metadata()).contains("crosslayer_skill_card", skillId = skillIdOf("Ev0LATE"));
        assertThat(skillCardTs("Ev0LATE")).as("the ts found is the one recorded").isEqualTo(cards.get(0).ts());
        assertThat(slack.calls()).contains("conversations.replies");
        assertThat(asked("lateA")).hasSize(1);
        assertThat(skillId).isNotBlank();
    }

    // --- helpers ---

    private static void accept(String team, String channel, String eventId, String text) {
        String ts = Instant.now().getEpochSecond() + "." + String.format("%06d", Math.abs(eventId.hashCode()) % 1_000_000);
        SlackInbound.send(http, SlackInbound.message(team, eventId, channel, "U0ADA", text, ts)).expectStatus().isOk();
    }

    /** A message that passes the pre-filter, told apart by {@code marker}. */
    private static String procedure(String marker) {
        return "Runbook " + marker + ": first drain the queue, then restart the workers, and finally check the "
                + "dashboards. Make sure nobody is deploying while you do it.";
    }

    private static Map<String, Object> skill(String name) {
        return Map.of("found", true, "name", name, "description", "A runbook for " + name + ".",
                "steps", List.of("Drain the queue.", "Restart the workers.", "Check the dashboards."));
    }

    private static long cardsIn(String channel, String namePrefix) {
        return slack.posts().stream().filter(post -> channel.equals(post.channel()) && post.blocks() != null
                && post.blocks().contains("`" + namePrefix)).count();
    }

    private static long skillsRecorded(String tenant) {
        return store.tenant(tenant).count("SkillExtracted");
    }

    private static long events(String type, String mentioning) {
        return store.everyTenant().ofType(type, mentioning).size();
    }

    private static String skillIdOf(String eventId) {
        return UUID.nameUUIDFromBytes(("slack-event:" + tenantA + ":" + eventId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    private static String skillCardTs(String eventId) {
        List<String> ts = store.everyTenant().ofAggregate(skillIdOf(eventId), "SkillCardPosted").stream()
                .map(event -> event.payloadField("messageTs")).toList();
        return ts.isEmpty() ? null : ts.get(0);
    }

    private static long inbox(String eventId) {
        return db.queryForObject("SELECT count(*) FROM slack_inbox WHERE event_id = ?", Long.class, eventId);
    }

    private static List<JsonNode> asked(String marker) {
        return anthropic.requests().stream().filter(request -> request.path("messages").toString().contains(marker)).toList();
    }
}
