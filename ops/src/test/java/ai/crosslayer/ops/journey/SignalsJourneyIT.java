package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.AnthropicFake;
import ai.crosslayer.ops.testing.EventStoreProbe;
import ai.crosslayer.ops.testing.GitHubFake;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackInbound;
import ai.crosslayer.ops.testing.SlackFake;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static ai.crosslayer.ops.testing.Integrations.connectGitHub;
import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.putPolicy;
import static ai.crosslayer.ops.testing.Integrations.putPolicyWhenCurrent;
import static ai.crosslayer.ops.testing.Integrations.readPolicy;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Signals raised by their real triggers and delivered through the outbox into a Slack fake that rate
 * limits and fails: conflict, waiting for review, integration health; delivered once across a restart;
 * dead-lettered after bounded tries; acknowledged once. Issue #7 (signals).
 */
class SignalsJourneyIT {

    private static final String TEAM = "T0SIGNALS";
    private static final String BOT = "U0SIGBOT";

    @TempDir
    Path dataDir;

    private final TestPostgres.Database database = TestPostgres.freshDatabase();
    private final JdbcTemplate db = new JdbcTemplate(database.dataSource());
    private final EventStoreProbe store = EventStoreProbe.of(database);
    private final SlackFake slack = new SlackFake();
    private final AnthropicFake anthropic = new AnthropicFake();
    private final GitHubFake github = new GitHubFake();

    @AfterEach
    void stop() throws Exception {
        slack.close();
        anthropic.close();
        github.close();
    }

    private RunningService service(boolean workers) {
        return RunningService.withProfile("local").set("CROSSLAYER_DATA_DIR", dataDir).database(database)
                .slack(slack).anthropic(anthropic).github(github)
                .set("crosslayer.inbox.workers", workers)
                .set("crosslayer.signals.poll-interval", "PT0.2S")
                .set("crosslayer.signals.retry-backoff", "PT0.2S")
                .set("crosslayer.signals.max-attempts", "3")
                .set("crosslayer.signals.review-after", "PT6S")
                .set("crosslayer.signals.review-check-interval", "PT1S")
                .set("crosslayer.provider-revocation.first-backoff", "PT0.05S")
                .set("crosslayer.provider-revocation.max-attempts", "2")
                .set("crosslayer.signals.drift-interval", "PT0.5S")
                .start();
    }

    @Test
    void aConflictingSkillIsSignalledInItsThreadAndAWaitingOneIsRemindedThroughRateLimitsAndFailures() {
        try (RunningService service = service(true)) {
            WebTestClient http = service.http();
            String admin = setUp(http);
            // The signal channel's Slack answers 429 with Retry-After: 1, then fails twice (other channels are fine).
            slack.troubleOnlyIn("C0SIGNALS");
            slack.rateLimitPosts(1);
            slack.failPosts(2);
            confirmedSkill(http, "Ev0FIRST", "1764700000.000100", "deploy-the-api");

            String second = extract(http, "Ev0SECOND", "1764700100.000100", "deploy-the-apis");
            await().atMost(Duration.ofSeconds(20)).until(() -> signals(http, admin, "CONFLICT").size() == 1
                    && "dispatched".equals(signals(http, admin, "CONFLICT").get(0).path("state").asText()));
            JsonNode conflict = signals(http, admin, "CONFLICT").get(0);
            assertThat(conflict.path("text").asText()).contains("deploy-the-apis", "deploy-the-api");
            SlackFake.Post post = slack.posts().stream().filter(p -> p.blocks().contains(conflict.path("id").asText()))
                    .findFirst().orElseThrow();
            assertThat(post.threadTs()).as("in the new skill's thread").isEqualTo("1764700100.000100");
            assertThat(slack.posts().stream().filter(p -> p.blocks().contains(conflict.path("id").asText()))).hasSize(1);

            // The second skill is still proposed: after review-after, a reminder goes to the signal channel, through
            // its troubles.
            await().atMost(Duration.ofSeconds(20)).until(() -> signals(http, admin, "WAITING_FOR_REVIEW").stream()
                    .anyMatch(s -> s.path("subject").asText().equals(second) && "dispatched".equals(s.path("state").asText())));
            assertThat(slack.posts()).anyMatch(p -> "C0SIGNALS".equals(p.channel()) && p.text().contains("deploy-the-apis"));
            JsonNode delivered = signals(http, admin, "WAITING_FOR_REVIEW").stream()
                    .filter(s -> s.path("subject").asText().equals(second)).findFirst().orElseThrow();
            assertThat(delivered.path("attempts").asInt()).as("the 429 waited out, two failed tries, then delivered").isEqualTo(3);
            assertThat(events("SignalDeliveryFailed", delivered.path("id").asText())).isEqualTo(2);
            assertThat(slack.posts().stream().filter(p -> p.blocks().contains(delivered.path("id").asText()))).hasSize(1);

            // Acknowledge: the first press counts, the card says who.
            JsonNode reminder = signals(http, admin, "WAITING_FOR_REVIEW").stream()
                    .filter(s -> s.path("subject").asText().equals(second)).findFirst().orElseThrow();
            press(http, "U0ADA", reminder);
            press(http, "U0BOB", reminder);
            await().atMost(Duration.ofSeconds(10)).until(() -> signals(http, admin, "WAITING_FOR_REVIEW").stream()
                    .anyMatch(s -> s.path("subject").asText().equals(second) && "acknowledged".equals(s.path("state").asText())));
            assertThat(events("SignalAcknowledged", reminder.path("id").asText())).isOne();
        }
    }

    @Test
    void aProviderThatWillNotRevokeIsSignalledAndASignalThatCannotBeDeliveredIsDeadLettered() {
        try (RunningService service = service(true)) {
            WebTestClient http = service.http();
            String admin = setUp(http);
            String gh = connectGitHub(http, admin, github, "gh-signals", new GitHubFake.User(8001, "ada-sig", List.of()));
            github.failDeletes(-1);
            slack.failPosts(-1);
            try {
                http.delete().uri("/api/integrations/" + gh).cookie("crosslayer_session", admin).exchange().expectStatus().isNoContent();
                await().atMost(Duration.ofSeconds(30)).until(() -> signals(http, admin, "INTEGRATION_HEALTH").stream()
                        .anyMatch(s -> "dead-letter".equals(s.path("state").asText())));
                JsonNode health = signals(http, admin, "INTEGRATION_HEALTH").get(0);
                assertThat(health.path("subject").asText()).isEqualTo(gh);
                assertThat(health.path("attempts").asInt()).isEqualTo(3);
                assertThat(health.path("lastFailure").asText()).contains("HTTP 500");
                assertThat(db.queryForObject("SELECT count(*) FROM signal_outbox", Long.class)).isZero();
                http.get().uri("/api/signals?state=dead-letter").cookie("crosslayer_session", admin).exchange()
                        .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(1);
            } finally {
                github.failDeletes(0);
                slack.failPosts(0);
            }
        }
    }

    @Test
    void aSignalRaisedBeforeARestartIsDeliveredOnceAfterIt() {
        String admin;
        String gh;
        try (RunningService stopped = service(false)) {
            admin = setUp(stopped.http());
            gh = connectGitHub(stopped.http(), admin, github, "gh-restart", new GitHubFake.User(8002, "ada-restart", List.of()));
            github.failDeletes(-1);
            stopped.http().delete().uri("/api/integrations/" + gh).cookie("crosslayer_session", admin).exchange()
                    .expectStatus().isNoContent();
            await().atMost(Duration.ofSeconds(20)).until(() -> db.queryForObject(
                    "SELECT count(*) FROM signal_outbox", Long.class) == 1);
        } finally {
            github.failDeletes(0);
        }
        assertThat(slack.posts()).noneMatch(p -> p.text().contains("revoke it at the provider"));
        try (RunningService restarted = service(true)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> db.queryForObject("SELECT count(*) FROM signal_outbox", Long.class) == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> signals(restarted.http(), admin, "INTEGRATION_HEALTH").stream()
                    .anyMatch(s -> "dispatched".equals(s.path("state").asText())));
            assertThat(slack.posts().stream().filter(p -> p.text().contains("revoke it at the provider"))).hasSize(1);
        }
    }

    @Test
    void aConfirmedSkillLearnedFromAGitHubFileIsWatchedAndItsUpstreamChangeSignalled() {
        try (RunningService service = service(true)) {
            WebTestClient http = service.http();
            String admin = setUp(http);
            github.file("acme/runbooks", "rotate.md", "# Rotating the API key\n1. Create a new key.\n2. Deploy it.\n3. Revoke the old key.\n");
            String gh = connectGitHub(http, admin, github, "gh-learn", new GitHubFake.User(8003, "ada-learn", List.of("acme/runbooks")));
            http.put().uri("/api/integrations/" + gh + "/repositories").cookie("crosslayer_session", admin)
                    .bodyValue(Map.of("repositories", List.of("acme/runbooks"))).exchange().expectStatus().isNoContent();
            await().atMost(Duration.ofSeconds(5)).until(() -> http.get().uri("/api/integrations/" + gh).cookie("crosslayer_session", admin)
                    .exchange().expectBody(JsonNode.class).returnResult().getResponseBody().path("repositories").size() == 1);
            putPolicy(http, admin, 1, Map.of("passiveCaptureChannels", List.of("C0OPS"), "approvers", "ANYONE",
                    "signalChannel", "C0SIGNALS", "watchGitHubDrift", true)).expectStatus().isOk();
            // Issue 12, item 1: a path that would leave the repository is refused before GitHub is asked.
            int asked = github.requests().size();
            for (String path : List.of("../../other-repo/contents/x", "rotate.md?ref=evil", "/rotate.md", "%2e%2e/x")) {
                assertThat(learn(http, "U0ADA", "learn acme/runbooks " + path).path("text").asText()).contains("path");
            }
            assertThat(github.requests()).hasSize(asked);
            // Who may learn: those who may approve skills. With only listed approvers, U0ADA (not listed) may not.
            int revision = readPolicy(http, admin).path("revision").asInt();
            putPolicyWhenCurrent(http, admin, Map.of("approvers", "LISTED"));
            await().atMost(Duration.ofSeconds(5)).until(() -> readPolicy(http, admin).path("revision").asInt() > revision);
            assertThat(learn(http, "U0ADA", "learn acme/runbooks rotate.md").path("text").asText())
                    .contains("only the people who may approve skills");
            assertThat(github.requests()).hasSize(asked);
            putPolicyWhenCurrent(http, admin, Map.of("approvers", "ANYONE"));
            await().atMost(Duration.ofSeconds(5)).until(() -> readPolicy(http, admin).path("revision").asInt() > revision + 1);

            anthropic.on("Rotating the API key").answers(Map.of("found", true, "name", "rotate-the-api-key",
                    "description", "Rotate the API key.", "steps", List.of("Create a new key.", "Deploy it.", "Revoke the old key.")));

            JsonNode reply = learn(http, "U0ADA", "learn acme/runbooks rotate.md");
            assertThat(reply.path("text").asText()).contains("Reading acme/runbooks/rotate.md");
            await().atMost(Duration.ofSeconds(15)).until(() -> slack.posts().stream()
                    .anyMatch(p -> "C0LEARN".equals(p.channel()) && p.blocks().contains("rotate-the-api-key")));
            SlackFake.Post card = slack.posts().stream().filter(p -> p.blocks().contains("rotate-the-api-key")).findFirst().orElseThrow();
            String skillId = store.everyTenant().only("SkillExtracted", "rotate-the-api-key").aggregateId();
            assertThat(store.everyTenant().onlyOf(skillId, "SkillExtracted").payload())
                    // The source (here the GitHub file) is sealed under the skill's source key (issue 18).
                    .contains("\"source\":{\"sealed\":\"xchacha20poly1305\"")
                    .doesNotContain("rotate.md", "1. Create a new key.");
            SlackInbound.interact(http, SlackInbound.buttonPress(TEAM, "U0ADA", card, "skill_approve", skillId))
                    .expectStatus().isOk();

            // Unchanged upstream: conditional requests answered 304, no signal.
            await().atMost(Duration.ofSeconds(15)).until(() -> github.notModified() >= 2);
            assertThat(signals(http, admin, "SKILL_DRIFT")).isEmpty();

            github.file("acme/runbooks", "rotate.md", "# Rotating the API key\n1. Create a new key in the vault.\n2. Deploy it.\n");
            await().atMost(Duration.ofSeconds(15)).until(() -> signals(http, admin, "SKILL_DRIFT").stream()
                    .anyMatch(s -> "dispatched".equals(s.path("state").asText())));
            JsonNode drift = signals(http, admin, "SKILL_DRIFT").get(0);
            assertThat(drift.path("subject").asText()).isEqualTo(skillId);
            assertThat(drift.path("text").asText()).contains("rotate-the-api-key", "https://github.test/acme/runbooks/blob/main/rotate.md");
            assertThat(slack.posts()).anyMatch(p -> "C0SIGNALS".equals(p.channel()) && p.text().contains("changed upstream"));
        }
    }

    private static JsonNode learn(WebTestClient http, String user, String text) {
        return SlackInbound.command(http, SlackInbound.slashCommand(TEAM, user, "C0LEARN", text));
    }

    /** A tenant with Slack connected, anyone may approve, passive capture in C0OPS, signals to C0SIGNALS. */
    private String setUp(WebTestClient http) {
        String admin = devLogin(http, "ada@signals.test");
        if (db.queryForObject("SELECT count(*) FROM integration_token WHERE account_id = ?", Long.class, TEAM) == 0) {
            connectSlack(http, admin, slack, "code-signals-" + Instant.now().toEpochMilli(), new SlackFake.Team(TEAM, "Signals Co", BOT));
        }
        int revision = http.get().uri("/api/governance").cookie("crosslayer_session", admin).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("revision").asInt();
        if (revision == 0) {
            putPolicy(http, admin, 0, Map.of("passiveCaptureChannels", List.of("C0OPS"), "approvers", "ANYONE",
                    "signalChannel", "C0SIGNALS")).expectStatus().isOk();
            await().atMost(Duration.ofSeconds(5)).until(() -> http.get().uri("/api/governance").cookie("crosslayer_session", admin)
                    .exchange().expectBody(JsonNode.class).returnResult().getResponseBody().path("revision").asInt() == 1);
        }
        return admin;
    }

    private void confirmedSkill(WebTestClient http, String eventId, String ts, String name) {
        String id = extract(http, eventId, ts, name);
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.posts().stream().anyMatch(p -> p.blocks().contains(id)));
        SlackFake.Post card = slack.posts().stream().filter(p -> p.blocks().contains(id)).findFirst().orElseThrow();
        SlackInbound.interact(http, SlackInbound.buttonPress(TEAM, "U0ADA", card, "skill_approve", id)).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).until(() -> events("SkillConfirmed", id) == 1);
        // The catalog must show it confirmed before the next extraction looks for overlaps.
        await().atMost(Duration.ofSeconds(10)).until(() -> db.queryForObject(
                "SELECT count(*) FROM skill_catalog WHERE skill_id = ? AND status = 'confirmed'", Long.class, id) == 1);
    }

    /** A plain message in C0OPS from which the model extracts a skill called {@code name}; answers its id. */
    private String extract(WebTestClient http, String eventId, String ts, String name) {
        String text = "How we ship " + name + ": first merge to main, then run the deploy command, and finally watch the "
                + "dashboards. Make sure the canary is green before you promote it.";
        anthropic.on("How we ship " + name + ":").answers(Map.of("found", true, "name", name,
                "description", "Ship " + name + ".", "steps", List.of("Merge to main.", "Run the deploy command.")));
        SlackInbound.send(http, SlackInbound.message(TEAM, eventId, "C0OPS", "U0ADA", text, ts)).expectStatus().isOk();
        String named = "\"name\":\"" + name + "\"";
        await().atMost(Duration.ofSeconds(15)).until(() -> store.everyTenant().ofType("SkillExtracted", named).size() == 1);
        return store.everyTenant().only("SkillExtracted", named).aggregateId();
    }

    private void press(WebTestClient http, String user, JsonNode signal) {
        SlackFake.Post post = slack.posts().stream().filter(p -> p.blocks().contains(signal.path("id").asText()))
                .findFirst().orElseThrow();
        SlackInbound.interact(http, SlackInbound.buttonPress(TEAM, user, post, "signal_ack", signal.path("id").asText()))
                .expectStatus().isOk();
    }

    private static List<JsonNode> signals(WebTestClient http, String admin, String kind) {
        JsonNode list = http.get().uri("/api/signals?kind=" + kind).cookie("crosslayer_session", admin).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).toList();
    }

    private long events(String type, String aggregate) {
        return store.everyTenant().ofAggregate(aggregate, type).size();
    }
}
