package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.AnthropicFake;
import ai.crosslayer.ops.testing.EventStoreProbe;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackInbound;
import ai.crosslayer.ops.testing.SlackFake;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.putPolicy;
import static ai.crosslayer.ops.testing.Integrations.putPolicyWhenCurrent;
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
    private static EventStoreProbe store;
    private static String admin;
    private static String tenant;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        db = new JdbcTemplate(database.dataSource());
        store = EventStoreProbe.of(database);
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
        JsonNode changed = putPolicy(http, admin, revision, Map.of("passiveCaptureChannels", List.of("C0DASH"),
                "approvers", "LISTED", "approverUserIds", List.of("U0APPROVER"), "signalChannel", "C0SIGNALS",
                "inboxMaxAge", "PT12H", "watchGitHubDrift", true))
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(changed.path("revision").asInt()).isEqualTo(revision + 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> governance().path("revision").asInt() == revision + 1);
        assertThat(governance().path("settings").path("signalChannel").asText()).isEqualTo("C0SIGNALS");

        String adminId = me(http, admin).path("userId").asText();
        String event = store.tenant(tenant).latest("GovernanceSettingChanged", "inboxMaxAge").orElseThrow().payload();
        assertThat(event).contains("\"oldValue\":\"PT24H\"", "\"newValue\":\"PT12H\"", "\"changedBy\":\"" + adminId + "\"");

        expectProblem(putPolicy(http, admin, revision, Map.of("approvers", "ANYONE")), HttpStatus.CONFLICT,
                "revision " + (revision + 1));
        expectProblem(putPolicy(http, admin, null, Map.of("approvers", "EVERYBODY")), HttpStatus.BAD_REQUEST, "approvers");
        String member = devLogin(http, "bob@govern.test");
        expectProblem(putPolicy(http, member, null, Map.of()), HttpStatus.FORBIDDEN, "admin");
        // Back to what the other tests expect.
        Map<String, Object> defaults = new HashMap<>(Map.of("passiveCaptureChannels", List.of(), "approvers", "ADMINS_AND_LISTED",
                "approverUserIds", List.of(), "inboxMaxAge", "PT24H", "watchGitHubDrift", false));
        defaults.put("signalChannel", null);
        putPolicy(http, admin, revision + 1, defaults).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(5)).until(() -> governance().path("revision").asInt() == revision + 2);
    }

    /** Issue 12, item 2: what GET answers, PUT takes back unchanged; it used to reset every setting to its default. */
    @Test
    void sendingBackWhatGetAnswersChangesNothing() {
        int revision = putPolicyWhenCurrent(http, admin, Map.of("signalChannel", "C0ROUNDTRIP", "inboxMaxAge", "PT6H"))
                .path("revision").asInt();
        await().atMost(Duration.ofSeconds(5)).until(() -> governance().path("revision").asInt() == revision);
        JsonNode read = governance();

        JsonNode answer = http.put().uri("/api/governance").cookie("crosslayer_session", admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(read.toString()).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(answer.path("revision").asInt()).as("nothing changed, so no new revision").isEqualTo(revision);
        assertThat(governance().path("settings")).isEqualTo(read.path("settings"));
        assertThat(governance().path("settings").path("signalChannel").asText()).isEqualTo("C0ROUNDTRIP");
    }

    @Test
    void aPolicyNeverChangedTakesItsDefaultsBackAtRevisionZeroAndRecordsNothing() {
        String fresh = devLogin(http, "eve@fresh-govern.test");
        String freshTenant = me(http, fresh).path("tenantId").asText();
        JsonNode read = http.get().uri("/api/governance").cookie("crosslayer_session", fresh).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(read.path("revision").asInt()).isZero();

        JsonNode answer = http.put().uri("/api/governance").cookie("crosslayer_session", fresh)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(read.toString()).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(answer.path("revision").asInt()).isZero();
        assertThat(store.tenant(freshTenant).count("GovernanceSettingChanged")).isZero();
        expectProblem(putPolicy(http, fresh, 1, Map.of()), HttpStatus.CONFLICT, "revision 0");
    }

    /** Issue 12, item 2: {"revision": 0} with the defaults used to answer 200 after changes, whatever the revision was. */
    @Test
    void aRevisionThatIsNotTheCurrentOneIsAConflictEvenWhenTheBodyIsTheDefaults() {
        int revision = putPolicy(http, admin, null, Map.of("signalChannel", "C0STALE")).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("revision").asInt();
        await().atMost(Duration.ofSeconds(5)).until(() -> governance().path("revision").asInt() == revision);
        Map<String, Object> defaults = new HashMap<>(Map.of("passiveCaptureChannels", List.of(), "approvers", "ADMINS_AND_LISTED",
                "approverUserIds", List.of(), "inboxMaxAge", "PT24H", "watchGitHubDrift", false));
        defaults.put("signalChannel", null);
        long events = policyEvents();

        expectProblem(putPolicy(http, admin, 0, defaults), HttpStatus.CONFLICT, "revision " + revision);
        expectProblem(putPolicy(http, admin, revision - 1, Map.of()), HttpStatus.CONFLICT, "revision " + revision);
        expectProblem(putPolicy(http, admin, revision + 1, Map.of()), HttpStatus.CONFLICT, "revision " + revision);

        assertThat(policyEvents()).isEqualTo(events);
        assertThat(governance().path("settings").path("signalChannel").asText()).isEqualTo("C0STALE");
    }

    /** Issue 12, item 2: another shape, unknown fields and coerced scalars are refused; nothing is recorded. */
    @Test
    void otherShapesUnknownFieldsAndScalarsOfTheWrongTypeAreBadRequests() {
        int revision = governance().path("revision").asInt();
        long events = policyEvents();
        String settings = governance().path("settings").toString();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"revision\":" + revision + ",\"signalChannel\":\"C0FLAT\"}", "signalChannel");
        refused.put("{\"revision\":" + revision + "}", "settings");
        refused.put("{\"revision\":" + revision + ",\"settings\":" + settings + ",\"extra\":1}", "extra");
        refused.put("{\"revision\":" + revision + ",\"settings\":" + settings.replace("{", "{\"colour\":\"red\",") + "}",
                "settings.colour");
        refused.put("{\"revision\":\"" + revision + "\",\"settings\":" + settings + "}", "revision");
        refused.put("{\"revision\":" + revision + ".5,\"settings\":" + settings + "}", "revision");
        refused.put("{\"revision\":" + revision + ",\"settings\":"
                + settings.replaceFirst("\"watchGitHubDrift\":(true|false)", "\"watchGitHubDrift\":1") + "}", "watchGitHubDrift");
        refused.put("{\"revision\":" + revision + ",\"settings\":"
                + settings.replaceFirst("\"signalChannel\":(null|\"[A-Z0-9]*\")", "\"signalChannel\":123") + "}", "signalChannel");
        refused.put("{\"revision\":" + revision + ",\"settings\":"
                + settings.replaceFirst(",?\"inboxMaxAge\":\"[A-Z0-9]*\"", "") + "}", "inboxMaxAge");
        refused.put("[]", "JSON object");
        refused.forEach((body, named) -> expectProblem(http.put().uri("/api/governance").cookie("crosslayer_session", admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(), HttpStatus.BAD_REQUEST, named));
        assertThat(policyEvents()).isEqualTo(events);
    }

    /**
     * Issue 11's poison request: 125 approver ids of 32 characters used to be accepted, and then stopped the
     * governance-policy projection for every tenant. Lists hold at most 100 entries, and the largest accepted
     * list is one the read model stores.
     */
    @Test
    void listsHoldAtMostAHundredIdsAndTheLargestAcceptedPolicyIsStored() {
        long events = policyEvents();
        List<String> poison = ids("U", 125);
        expectProblem(putPolicy(http, admin, null, Map.of("approverUserIds", poison)), HttpStatus.BAD_REQUEST,
                "'settings.approverUserIds' holds at most 100 entries");
        expectProblem(putPolicy(http, admin, null, Map.of("passiveCaptureChannels", ids("C", 101))), HttpStatus.BAD_REQUEST,
                "'settings.passiveCaptureChannels' holds at most 100 entries");
        expectProblem(putPolicy(http, admin, null, Map.of("approverUserIds", List.of("U" + "9".repeat(32)))),
                HttpStatus.BAD_REQUEST, "approverUserIds");
        assertThat(policyEvents()).isEqualTo(events);

        List<String> approvers = ids("U", 100);
        List<String> channels = ids("C", 100);
        int revision = putPolicyWhenCurrent(http, admin, Map.of("approverUserIds", approvers, "passiveCaptureChannels", channels,
                "signalChannel", "C" + "7".repeat(31))).path("revision").asInt();
        await().atMost(Duration.ofSeconds(5)).until(() -> governance().path("revision").asInt() == revision);
        assertThat(governance().path("settings").path("approverUserIds")).hasSize(100);
        assertThat(governance().path("settings").path("passiveCaptureChannels")).hasSize(100);
        assertThat(slash("U0WSADMIN", "C0TALK", "policy approver add <@U0ONEMORE>").path("text").asText())
                .as("Slack keeps the same limit").contains("'approverUserIds' holds at most 100 entries");
        assertThat(governance().path("revision").asInt()).isEqualTo(revision);
        assertThat(service.management().get().uri("/actuator/health").exchange().expectBody(JsonNode.class).returnResult().getResponseBody()
                .path("components").path("eventProcessors").path("status").asText()).isEqualTo("UP");
        putPolicy(http, admin, revision, Map.of("approverUserIds", List.of(), "passiveCaptureChannels", List.of()))
                .expectStatus().isOk();
        await().atMost(Duration.ofSeconds(5)).until(() -> governance().path("revision").asInt() == revision + 1);
    }

    /** {@code count} distinct Slack ids of the longest accepted length (32), starting with {@code prefix}. */
    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "%031d".formatted(i)).toList();
    }

    private static long policyEvents() {
        return store.tenant(tenant).count("GovernanceSettingChanged");
    }

    @Test
    void slackChangesThePolicyForAdminsAndRefusesOthersPolitelyOnTheRecord() {
        JsonNode refused = slash("U0MEMBER", "C0TALK", "policy capture on");
        assertThat(refused.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(refused.path("text").asText()).contains("only workspace admins and CrossLayer approvers");
        await().atMost(Duration.ofSeconds(5)).until(() -> store.tenant(tenant).count("GovernanceChangeRefused") >= 1);

        JsonNode done = slash("U0WSADMIN", "C0TALK", "policy capture on");
        assertThat(done.path("text").asText()).contains("Done.", "<#C0TALK>");
        await().atMost(Duration.ofSeconds(5)).until(() -> slash("U0MEMBER", "C0TALK", "policy").path("text").asText()
                .contains("Reads without a mention in: <#C0TALK>"));
        assertThat(store.tenant(tenant).latest("GovernanceSettingChanged").orElseThrow().metaData())
                .contains("\"actor\":\"U0WSADMIN\"", "\"source\":\"slack\"");
        assertThat(slash("U0WSADMIN", "C0TALK", "policy capture off").path("text").asText()).contains("Done.");
        assertThat(slash("U0WSADMIN", "C0TALK", "policy inbox-max-age forever").path("text").asText()).contains("ISO-8601");
    }

    @Test
    void withoutPassiveCaptureAChannelSendsNothingToTheModel() {
        String procedure = "Restarting the queue: first drain the workers, then restart the broker, and finally check "
                + "that the dead-letter queue is empty. Make sure nobody deploys meanwhile.";
        long receipts = db.queryForObject("SELECT count(*) FROM slack_event_receipt", Long.class);
        SlackInbound.send(http, message("Ev0NOCAPTURE", "C0QUIET", procedure)).expectStatus().isOk();
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
        SlackInbound.send(http, message("Ev0CAPTURE", "C0LOUD", procedure)).expectStatus().isOk();
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
        SlackInbound.send(http, mention("Ev0REVIEW", "C0REVIEW", "1764600001.000100", thread))
                .expectStatus().isOk();
        await().atMost(Duration.ofSeconds(15)).until(() -> slack.posts().stream().anyMatch(p -> p.blocks().contains("reindex-search")));
        SlackFake.Post card = slack.posts().stream().filter(p -> p.blocks().contains("reindex-search")).findFirst().orElseThrow();
        String skillId = store.everyTenant().only("SkillExtracted", "reindex-search").aggregateId();

        press("U0MEMBER", skillId, card).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.whispers().stream()
                .anyMatch(w -> "U0MEMBER".equals(w.threadTs()) && w.text().contains("not counted")));
        assertThat(store.everyTenant().ofAggregate(skillId, "SkillDecisionRefused")).hasSize(1);
        assertThat(store.everyTenant().ofAggregate(skillId, "SkillConfirmed")).isEmpty();

        press("U0WSADMIN", skillId, card).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.everyTenant().ofAggregate(skillId, "SkillConfirmed").size() == 1);
    }

    private static JsonNode governance() {
        return http.get().uri("/api/governance").cookie("crosslayer_session", admin).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static JsonNode slash(String user, String channel, String text) {
        return SlackInbound.command(http, SlackInbound.slashCommand(TEAM, user, channel, text));
    }

    private static WebTestClient.ResponseSpec press(String user, String skillId, SlackFake.Post card) {
        return SlackInbound.interact(http, SlackInbound.buttonPress(TEAM, user, card, "skill_approve", skillId));
    }

    private static SlackInbound.Callback message(String eventId, String channel, String text) {
        return SlackInbound.message(TEAM, eventId, channel, "U0MEMBER", text, now() + ".000100");
    }

    private static SlackInbound.Callback mention(String eventId, String channel, String ts, String thread) {
        return SlackInbound.appMention(TEAM, eventId, channel, "U0MEMBER", "<@" + BOT + "> capture this", ts).inThread(thread);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
