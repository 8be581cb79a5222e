package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.AnthropicFake;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.signedSlackEvent;
import static ai.crosslayer.ops.testing.Integrations.signedSlackForm;
import static ai.crosslayer.ops.testing.Problems.expectProblem;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tenant's policy, changed from the dashboard and from Slack, and obeyed at the moment of each decision:
 * who may approve a skill, and where the bot may read without being asked. Issue #7 (governance).
 */
class GovernanceJourneyIT {

    @TempDir
    static Path dataDir;

    private static final String TEAM = "T0GOVERN";
    private static final String BOT = "U0GOVBOT";
    private static TestPostgres.Database database;
    private static SlackFake slack;
    private static AnthropicFake anthropic;
    private static RunningService service;
    private static WebTestClient http;
    private static JdbcTemplate db;
    private static String admin;
    private static String tenant;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        db = new JdbcTemplate(database.dataSource());
        slack = new SlackFake();
        anthropic = new AnthropicFake();
        service = RunningService.withProfile("local").set("CROSSLAYER_DATA_DIR", dataDir).database(database)
                .slack(slack).anthropic(anthropic).start();
        http = service.http();
        admin = devLogin(http, "ada@govern.test");
        tenant = me(http, admin).path("tenantId").asText();
        connectSlack(http, admin, slack, "code-govern", new SlackFake.Team(TEAM, "Govern Co", BOT));
        slack.admin("U0WSADMIN", "Wendy Admin");
        slack.person("U0MEMBER", "Max Member");
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        slack.close();
        anthropic.close();
    }

    @Test
    void theDashboardChangesThePolicyWithOptimisticConcurrency() {
        JsonNode policy = governance();
        int revision = policy.path("revision").asInt();
        if (revision == 0) {
            assertThat(policy.path("settings").path("passiveCaptureChannels")).isEmpty();
            assertThat(policy.path("settings").path("approvers").asText()).isEqualTo("ADMINS_AND_LISTED");
            assertThat(policy.path("settings").path("inboxMaxAge").asText()).isEqualTo("PT24H");
            assertThat(policy.path("settings").path("watchGitHubDrift").asBoolean()).isFalse();
        }
        JsonNode changed = http.put().uri("/api/governance").cookie("crosslayer_session", admin)
                .bodyValue(Map.of("revision", revision, "passiveCaptureChannels", List.of("C0DASH"), "approvers", "LISTED",
                        "approverUserIds", List.of("U0APPROVER"), "signalChannel", "C0SIGNALS", "inboxMaxAge", "PT12H",
                        "watchGitHubDrift", true))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(changed.path("revision").asInt()).isEqualTo(revision + 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> governance().path("revision").asInt() == revision + 1);
        assertThat(governance().path("settings").path("signalChannel").asText()).isEqualTo("C0SIGNALS");

        String adminId = me(http, admin).path("userId").asText();
        String event = db.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE tenant_id = ? "
                + "AND payload_type LIKE '%.GovernanceSettingChanged' AND convert_from(payload, 'UTF8') LIKE '%inboxMaxAge%' "
                + "ORDER BY global_index DESC LIMIT 1", String.class, tenant);
        assertThat(event).contains("\"oldValue\":\"PT24H\"", "\"newValue\":\"PT12H\"", "\"changedBy\":\"" + adminId + "\"");

        expectProblem(http.put().uri("/api/governance").cookie("crosslayer_session", admin)
                .bodyValue(Map.of("revision", revision, "approvers", "ANYONE")).exchange(), HttpStatus.CONFLICT,
                "revision " + (revision + 1));
        expectProblem(http.put().uri("/api/governance").cookie("crosslayer_session", admin)
                .bodyValue(Map.of("revision", revision + 1, "approvers", "EVERYBODY")).exchange(), HttpStatus.BAD_REQUEST,
                "approvers");
        String member = devLogin(http, "bob@govern.test");
        expectProblem(http.put().uri("/api/governance").cookie("crosslayer_session", member)
                .bodyValue(Map.of("revision", revision + 1)).exchange(), HttpStatus.FORBIDDEN, "admin");
        // Back to what the other tests expect.
        http.put().uri("/api/governance").cookie("crosslayer_session", admin)
                .bodyValue(Map.of("revision", revision + 1)).exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(5)).until(() -> governance().path("revision").asInt() == revision + 2);
    }

    @Test
    void slackChangesThePolicyForAdminsAndRefusesOthersPolitelyOnTheRecord() {
        JsonNode refused = slash("U0MEMBER", "C0TALK", "policy capture on");
        assertThat(refused.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(refused.path("text").asText()).contains("only workspace admins and CrossLayer approvers");
        await().atMost(Duration.ofSeconds(5)).until(() -> db.queryForObject("SELECT count(*) FROM domain_event_entry "
                + "WHERE tenant_id = ? AND payload_type LIKE '%.GovernanceChangeRefused'", Long.class, tenant) >= 1);

        JsonNode done = slash("U0WSADMIN", "C0TALK", "policy capture on");
        assertThat(done.path("text").asText()).contains("Done.", "<#C0TALK>");
        await().atMost(Duration.ofSeconds(5)).until(() -> slash("U0MEMBER", "C0TALK", "policy").path("text").asText()
                .contains("Reads without a mention in: <#C0TALK>"));
        assertThat(db.queryForObject("SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry WHERE tenant_id = ? "
                + "AND payload_type LIKE '%.GovernanceSettingChanged' ORDER BY global_index DESC LIMIT 1", String.class, tenant))
                .contains("\"actor\":\"U0WSADMIN\"", "\"source\":\"slack\"");
        assertThat(slash("U0WSADMIN", "C0TALK", "policy capture off").path("text").asText()).contains("Done.");
        assertThat(slash("U0WSADMIN", "C0TALK", "policy inbox-max-age forever").path("text").asText()).contains("ISO-8601");
    }

    @Test
    void withoutPassiveCaptureAChannelSendsNothingToTheModel() {
        String procedure = "Restarting the queue: first drain the workers, then restart the broker, and finally check "
                + "that the dead-letter queue is empty. Make sure nobody deploys meanwhile.";
        long receipts = db.queryForObject("SELECT count(*) FROM slack_event_receipt", Long.class);
        signedSlackEvent(http, SlackFake.SIGNING_SECRET, now(), message("Ev0NOCAPTURE", "C0QUIET", procedure)).expectStatus().isOk();
        assertThat(db.queryForObject("SELECT count(*) FROM slack_event_receipt", Long.class))
                .as("not even stored").isEqualTo(receipts);

        // Pooled streaming processors poll the stream every 500 ms (issue 14): right after the previous test's
        // change the command may meet a policy view one change behind, refuse, and ask to be said again.
        await().atMost(Duration.ofSeconds(5)).until(() -> slash("U0WSADMIN", "C0LOUD", "policy capture on")
                .path("text").asText().contains("Done."));
        await().atMost(Duration.ofSeconds(5)).until(() -> governance().path("settings").path("passiveCaptureChannels")
                .toString().contains("C0LOUD"));
        anthropic.on("Restarting the queue").answers(Map.of("found", true, "name", "restart-the-queue",
                "description", "Restart the message queue safely.", "steps", List.of("Drain the workers.", "Restart the broker.")));
        signedSlackEvent(http, SlackFake.SIGNING_SECRET, now(), message("Ev0CAPTURE", "C0LOUD", procedure)).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(15)).until(() -> anthropic.requests().stream()
                .filter(r -> r.path("messages").toString().contains("Restarting the queue")).count() == 1);
        slash("U0WSADMIN", "C0LOUD", "policy capture off");
    }

    @Test
    void anApprovalBySomeoneWhoMayNotApproveIsRefusedOnTheCardAndRecorded() {
        String thread = "1764600000.000100";
        slack.thread("C0REVIEW", thread, List.of(
                "{\"type\":\"message\",\"user\":\"U0MEMBER\",\"text\":\"To reindex search, run make reindex then flush the cache.\",\"ts\":\"" + thread + "\"}"));
        anthropic.on("To reindex search").answers(Map.of("found", true, "name", "reindex-search",
                "description", "Reindex the search cluster.", "steps", List.of("Run make reindex.", "Flush the cache.")));
        signedSlackEvent(http, SlackFake.SIGNING_SECRET, now(), mention("Ev0REVIEW", "C0REVIEW", "1764600001.000100", thread))
                .expectStatus().isOk();
        await().atMost(Duration.ofSeconds(15)).until(() -> slack.posts().stream().anyMatch(p -> p.blocks().contains("reindex-search")));
        SlackFake.Post card = slack.posts().stream().filter(p -> p.blocks().contains("reindex-search")).findFirst().orElseThrow();
        String skillId = db.queryForObject("SELECT aggregate_identifier FROM domain_event_entry WHERE payload_type LIKE "
                + "'%.SkillExtracted' AND convert_from(payload, 'UTF8') LIKE '%reindex-search%'", String.class);

        press("U0MEMBER", skillId, card).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.whispers().stream()
                .anyMatch(w -> "U0MEMBER".equals(w.threadTs()) && w.text().contains("not counted")));
        assertThat(db.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type LIKE '%.SkillDecisionRefused'", Long.class, skillId)).isOne();
        assertThat(db.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type LIKE '%.SkillConfirmed'", Long.class, skillId)).isZero();

        press("U0WSADMIN", skillId, card).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).until(() -> db.queryForObject("SELECT count(*) FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? AND payload_type LIKE '%.SkillConfirmed'", Long.class, skillId) == 1);
    }

    private static JsonNode governance() {
        return http.get().uri("/api/governance").cookie("crosslayer_session", admin).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static JsonNode slash(String user, String channel, String text) {
        return signedSlackForm(http, "/slack/commands", SlackFake.SIGNING_SECRET, now(), Map.of("team_id", TEAM,
                "user_id", user, "channel_id", channel, "command", "/crosslayer", "text", text))
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static WebTestClient.ResponseSpec press(String user, String skillId, SlackFake.Post card) {
        String payload = ("{\"type\":\"block_actions\",\"team\":{\"id\":\"%s\"},\"user\":{\"id\":\"%s\"},"
                + "\"container\":{\"type\":\"message\",\"message_ts\":\"%s\",\"channel_id\":\"%s\"},\"channel\":{\"id\":\"%s\"},"
                + "\"actions\":[{\"action_id\":\"skill_approve\",\"value\":\"%s\",\"type\":\"button\"}]}")
                .formatted(TEAM, user, card.ts(), card.channel(), card.channel(), skillId);
        return signedSlackForm(http, "/slack/interactions", SlackFake.SIGNING_SECRET, now(), Map.of("payload", payload));
    }

    private static String message(String eventId, String channel, String text) {
        return ("{\"team_id\":\"%s\",\"event\":{\"type\":\"message\",\"channel\":\"%s\",\"user\":\"U0MEMBER\",\"text\":\"%s\","
                + "\"ts\":\"%d.000100\",\"channel_type\":\"channel\"},\"type\":\"event_callback\",\"event_id\":\"%s\","
                + "\"event_time\":%d}").formatted(TEAM, channel, text, now(), eventId, now());
    }

    private static String mention(String eventId, String channel, String ts, String thread) {
        return ("{\"team_id\":\"%s\",\"event\":{\"type\":\"app_mention\",\"channel\":\"%s\",\"user\":\"U0MEMBER\","
                + "\"text\":\"<@%s> capture this\",\"ts\":\"%s\",\"thread_ts\":\"%s\"},\"type\":\"event_callback\","
                + "\"event_id\":\"%s\",\"event_time\":%d}").formatted(TEAM, channel, BOT, ts, thread, eventId, now());
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
