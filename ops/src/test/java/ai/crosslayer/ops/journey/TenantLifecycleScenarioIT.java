package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.AnthropicFake;
import ai.crosslayer.ops.testing.EventStoreProbe;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import ai.crosslayer.ops.testing.SlackInbound;
import ai.crosslayer.query.audit.AuditChain;
import ai.crosslayer.query.audit.AuditExportReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.putPolicyWhenCurrent;
import static ai.crosslayer.ops.testing.Integrations.readPolicy;
import static ai.crosslayer.ops.testing.Problems.expectProblem;
import static ai.crosslayer.ops.testing.SignIns.as;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tenant's life, told in order through HTTP against one running service and local Slack and Anthropic fakes
 * (issue 13, item 5): its first member signs in and founds it, connects Slack, a conversation becomes a proposed
 * skill that a workspace admin confirms on its card, the admin changes governance, a signal goes out, the admin
 * disconnects Slack (the token gone, Slack told), and an auditor verifies the audit log and exports it.
 * <p>
 * Each step is a test, run in order, and each leaves what the next one needs in the fields below: read the
 * methods top to bottom as the story. A step that fails leaves the later ones failing too: start with the first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantLifecycleScenarioIT {

    private static final String TEAM = "T0LIFE";
    private static final String BOT = "U0LIFEBOT";
    /** The Slack user who runs the workspace: a workspace admin, so may decide on skills by default. */
    private static final String WORKSPACE_ADMIN = "U0ADA";

    @TempDir
    static Path dataDir;

    private static TestPostgres.Database database;
    private static SlackFake slack;
    private static AnthropicFake anthropic;
    private static RunningService service;
    private static WebTestClient http;
    private static JdbcTemplate db;
    private static EventStoreProbe store;

    // What the story has made so far.
    private static String adaSession;
    private static WebTestClient ada;
    private static String tenant;
    private static String adaId;
    private static String integration;
    private static String token;
    private static String firstSkill;
    private static String conflictSignal;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        db = new JdbcTemplate(database.dataSource());
        store = EventStoreProbe.of(database);
        slack = new SlackFake();
        anthropic = new AnthropicFake();
        service = RunningService.withProfile("local").set("CROSSLAYER_DATA_DIR", dataDir).database(database)
                .slack(slack).anthropic(anthropic)
                .set("crosslayer.signals.poll-interval", "PT0.2S")
                .set("crosslayer.provider-revocation.first-backoff", "PT0.05S")
                .start();
        http = service.http();
        slack.admin(WORKSPACE_ADMIN, "Ada Lovelace");
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        slack.close();
        anthropic.close();
    }

    @Test
    @Order(1)
    void theFirstPersonToSignInFoundsTheTenantAndIsItsAdmin() {
        adaSession = devLogin(http, "ada@lifecycle.test");
        ada = as(http, adaSession);
        JsonNode me = ada.get().uri("/api/me").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        tenant = me.path("tenantId").asText();
        adaId = me.path("userId").asText();
        assertThat(me.path("role").asText()).isEqualTo("ADMIN");
        assertThat(me.path("tenantName").asText()).isEqualTo("lifecycle.test");

        assertThat(store.tenant(tenant).typesOf(tenant)).startsWith("TenantCreated");
        assertThat(store.tenant(tenant).only("TenantCreated").metaData()).contains("\"actor\":\"" + adaId + "\"");
    }

    @Test
    @Order(2)
    void theAdminConnectsSlackAndOnlyTheTokensFingerprintIsRecorded() {
        integration = connectSlack(http, adaSession, slack, "code-lifecycle", new SlackFake.Team(TEAM, "Lifecycle Co", BOT));
        token = slack.issuedTokens().get(slack.issuedTokens().size() - 1);

        JsonNode view = integrationView();
        assertThat(view.path("status").asText()).isEqualTo("connected");
        assertThat(view.path("accountId").asText()).isEqualTo(TEAM);
        assertThat(tokensHeld()).isOne();
        String connected = store.tenant(tenant).onlyOf(integration, "SlackWorkspaceConnected").payload();
        assertThat(connected).contains(view.path("tokenFingerprint").asText()).doesNotContain(token);

        // Slack's events reach the tenant now; one the bot does not act on is acknowledged and kept nowhere.
        long receipts = receipts();
        SlackInbound.send(http, SlackInbound.memberJoinedChannel(TEAM, "Ev0LIFEJOIN", "C0OPS", "U0NEWCOMER")).expectStatus().isOk();
        assertThat(receipts()).isEqualTo(receipts);
    }

    @Test
    @Order(3)
    void aConversationMentioningTheBotBecomesAProposedSkillWithACardInItsThread() {
        String thread = "1764800000.000100";
        slack.thread("C0OPS", thread, List.of(
                "{\"type\":\"message\",\"user\":\"U0BOB\",\"text\":\"How do we deploy the API?\",\"ts\":\"" + thread + "\"}",
                "{\"type\":\"message\",\"user\":\"" + WORKSPACE_ADMIN + "\",\"text\":\"Merge to main, watch the canary, "
                        + "then promote it.\",\"ts\":\"1764800001.000100\"}"));
        anthropic.on("watch the canary").answers(Map.of("found", true, "name", "deploy-the-api",
                "description", "Deploy the API to production.", "steps", List.of("Merge to main.", "Watch the canary.", "Promote.")));

        SlackInbound.send(http, SlackInbound.appMention(TEAM, "Ev0LIFEMENTION", "C0OPS", WORKSPACE_ADMIN,
                "<@" + BOT + "> capture this", "1764800002.000100").inThread(thread).toBot(BOT)).expectStatus().isOk();

        firstSkill = awaitSkill("deploy-the-api").path("id").asText();
        assertThat(skill(firstSkill).path("status").asText()).isEqualTo("proposed");
        await().atMost(Duration.ofSeconds(10)).until(() -> card(firstSkill).isPresent());
        assertThat(card(firstSkill).orElseThrow().threadTs()).as("the card answers in the conversation's thread").isEqualTo(thread);
        assertThat(store.tenant(tenant).onlyOf(firstSkill, "SkillExtracted").payload())
                .as("the skill, not the conversation, is stored").contains("deploy-the-api").doesNotContain("How do we deploy");
    }

    @Test
    @Order(4)
    void aWorkspaceAdminConfirmsTheSkillOnItsCard() {
        SlackFake.Post card = card(firstSkill).orElseThrow();
        SlackInbound.interact(http, SlackInbound.buttonPress(TEAM, WORKSPACE_ADMIN, card, "skill_approve", firstSkill))
                .expectStatus().isOk();

        await().atMost(Duration.ofSeconds(10)).until(() -> "confirmed".equals(skill(firstSkill).path("status").asText()));
        assertThat(store.tenant(tenant).onlyOf(firstSkill, "SkillConfirmed").metaData())
                .contains("\"actor\":\"" + WORKSPACE_ADMIN + "\"", "\"source\":\"slack\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.updates().stream().anyMatch(u -> u.ts().equals(card.ts())));
    }

    @Test
    @Order(5)
    void theAdminTurnsOnPassiveCaptureAndNamesASignalChannel() {
        int revision = readPolicy(http, adaSession).path("revision").asInt();
        putPolicyWhenCurrent(http, adaSession, Map.of("passiveCaptureChannels", List.of("C0OPS"), "signalChannel", "C0SIGNALS"));

        await().atMost(Duration.ofSeconds(5)).until(() -> readPolicy(http, adaSession).path("revision").asInt() > revision);
        JsonNode settings = readPolicy(http, adaSession).path("settings");
        assertThat(settings.path("passiveCaptureChannels").toString()).contains("C0OPS");
        assertThat(settings.path("signalChannel").asText()).isEqualTo("C0SIGNALS");
        assertThat(store.tenant(tenant).ofType("GovernanceSettingChanged"))
                .as("one event per setting changed, by the admin")
                .hasSize(2).allSatisfy(changed -> assertThat(changed.payload()).contains("\"changedBy\":\"" + adaId + "\""));
    }

    @Test
    @Order(6)
    void aPlainMessageInTheCapturedChannelOverlapsTheConfirmedSkillAndAConflictSignalGoesOut() {
        String ts = "1764800100.000100";
        anthropic.on("How we ship deploy-the-apis").answers(Map.of("found", true, "name", "deploy-the-apis",
                "description", "Ship deploy-the-apis.", "steps", List.of("Merge to main.", "Run the deploy command.")));
        SlackInbound.send(http, SlackInbound.message(TEAM, "Ev0LIFEPASSIVE", "C0OPS", "U0BOB", "How we ship deploy-the-apis: "
                + "first merge to main, then run the deploy command, and finally watch the dashboards. Make sure the "
                + "canary is green before you promote it.", ts)).expectStatus().isOk();

        JsonNode conflict = await().atMost(Duration.ofSeconds(20)).until(() -> signals("CONFLICT"),
                signals -> signals.size() == 1 && "dispatched".equals(signals.get(0).path("state").asText())).get(0);
        conflictSignal = conflict.path("id").asText();
        assertThat(conflict.path("text").asText()).contains("deploy-the-apis", "deploy-the-api");
        List<SlackFake.Post> posted = slack.posts().stream().filter(p -> p.blocks() != null
                && p.blocks().contains(conflict.path("id").asText())).toList();
        assertThat(posted).as("posted once, in the new skill's thread").hasSize(1);
        assertThat(posted.get(0).threadTs()).isEqualTo(ts);
        assertThat(store.tenant(tenant).ofAggregate(conflict.path("id").asText()).stream().map(EventStoreProbe.StoredEvent::type))
                .containsExactly("SignalRaised", "SignalDispatched");
    }

    @Test
    @Order(7)
    void theAdminDisconnectsSlackTheTokenIsGoneAndSlackIsTold() {
        ada.delete().uri("/api/integrations/" + integration).exchange().expectStatus().isNoContent();

        assertThat(tokensHeld()).as("deleted with the revocation, in its transaction").isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(integrationView().path("providerRevocation").asText()));
        assertThat(integrationView().path("status").asText()).isEqualTo("revoked");
        assertThat(slack.revokedTokens()).containsExactly(token);
        assertThat(store.tenant(tenant).typesOf(integration))
                .containsExactly("SlackWorkspaceConnected", "IntegrationRevoked", "ProviderRevocationSucceeded");
        assertThat(store.tenant(tenant).onlyOf(integration, "IntegrationRevoked").metaData())
                .contains("\"actor\":\"" + adaId + "\"", "\"source\":\"dashboard\"");
    }

    @Test
    @Order(8)
    void anAuditorVerifiesTheAuditLogAndExportsEveryEventOfTheTenant() throws Exception {
        String graceSession = devLogin(http, "grace@lifecycle.test");
        WebTestClient grace = as(http, graceSession);
        String graceId = me(http, graceSession).path("userId").asText();
        ada.put().uri("/api/members/{id}/role", graceId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("role", "AUDITOR")).exchange().expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(5)).until(() -> "AUDITOR".equals(me(http, graceSession).path("role").asText()));

        // An auditor reads and changes nothing, not even what any member may (acknowledging a signal).
        expectProblem(grace.post().uri("/api/signals/{id}/acknowledge", conflictSignal).exchange(), HttpStatus.FORBIDDEN,
                "change nothing");

        grace.get().uri("/api/audit/verify").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.valid").isEqualTo(true);
        JsonNode revoked = grace.get().uri("/api/audit/events?aggregate=" + integration).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("events");
        assertThat(StreamSupport.stream(revoked.spliterator(), false).map(e -> e.path("event").path("type").asText()))
                .anyMatch(type -> type.endsWith("IntegrationRevoked"));

        byte[] publicKey = Base64.getDecoder().decode(http.get().uri("/api/audit/public-key").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().path("publicKey").asText());
        long before = store.tenant(tenant).count();
        String export = new String(grace.get().uri("/api/audit/export?format=ndjson").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        long after = store.tenant(tenant).count();
        AuditChain.Report report = AuditExportReader.verify(new BufferedReader(new StringReader(export)), List.of(publicKey),
                new ObjectMapper());
        assertThat(report.valid()).as(export).isTrue();
        assertThat(report.eventsVerified()).as("every event the tenant has, as its own scope sees them")
                .isBetween(before, after);
        assertThat(report.checkpointsVerified()).isPositive();
        assertThat(export).doesNotContain(token);
    }

    // --- helpers -------------------------------------------------------------------------------

    private static JsonNode integrationView() {
        return ada.get().uri("/api/integrations/" + integration).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static long tokensHeld() {
        return db.queryForObject("SELECT count(*) FROM integration_token WHERE integration_id = ?", Long.class, integration);
    }

    private static long receipts() {
        return db.queryForObject("SELECT count(*) FROM slack_event_receipt", Long.class);
    }

    private static JsonNode awaitSkill(String name) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> StreamSupport.stream(ada.get().uri("/api/skills").exchange()
                        .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().spliterator(), false)
                .filter(skill -> name.equals(skill.path("skill").path("name").asText())).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private static JsonNode skill(String id) {
        return ada.get().uri("/api/skills/" + id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static Optional<SlackFake.Post> card(String skillId) {
        return slack.posts().stream().filter(p -> p.blocks() != null && p.blocks().contains(skillId)).findFirst();
    }

    private static List<JsonNode> signals(String kind) {
        JsonNode list = ada.get().uri("/api/signals?kind=" + kind).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return StreamSupport.stream(list.spliterator(), false).toList();
    }
}
