package ai.crosslayer.ops.journey;

import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.ClosedTenant;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.signal.RaiseSignalCommand;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import ai.crosslayer.ops.testing.SlackInbound;
import ai.crosslayer.query.audit.AuditChain;
import ai.crosslayer.query.audit.AuditLog;
import ai.crosslayer.query.audit.AuditPublicKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Problems.expectProblem;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A tenant's requests about personal data end to end, on one service (issue 18). Offboarding (item 3): a tenant
 * with a connected Slack workspace (a local fake) is closed by its admin; Slack is asked to revoke the token, the
 * tenant's tokens, sessions, sign-in keys, inbox receipts and read models are gone, its data keys destroyed, another
 * tenant untouched, and its chain of events still verifies, covered to its last event by a signed checkpoint.
 * Subject access (item 4): a member, and their admin, download the member's personal fields with their events.
 */
class OffboardingAndSubjectAccessIT {

    /** Every read-model table: none may keep a row of an offboarded tenant. */
    private static final List<String> READ_MODELS = List.of("tenant_directory", "tenant_directory_member",
            "integration_catalog", "integration_catalog_repository", "skill_catalog", "governance_policy",
            "governance_policy_setting", "signal_board");
    private static final List<String> WRITE_SIDE = List.of("integration_token", "member_session",
            "tenant_sign_in_key", "slack_event_receipt", "slack_inbox", "signal_outbox", "skill_card_outbox",
            "skill_watch", "oauth_state", "member_role");

    @TempDir
    static Path dataDir;

    private static SlackFake slack;
    private static RunningService service;
    private static WebTestClient http;
    private static JdbcTemplate db;

    @BeforeAll
    static void start() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        db = new JdbcTemplate(database.dataSource());
        slack = new SlackFake();
        service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .slack(slack)
                .set("crosslayer.provider-revocation.first-backoff", "PT0.05S")
                .start();
        // A first sign-in on a freshly started service can take long on a machine shared by several builds.
        http = service.http().mutate().responseTimeout(Duration.ofSeconds(60)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        slack.close();
    }

    @Test
    void anOffboardedTenantKeepsOnlyItsVerifiableChain() {
        String admin = devLogin(http, "ada@leaving.test");
        String member = devLogin(http, "carl@leaving.test");
        JsonNode me = me(http, admin);
        String tenant = me.path("tenantId").asText();
        connectSlack(http, admin, slack, "code-leaving", new SlackFake.Team("T0LEAVING", "Leaving Co", "U0BOTL"));
        String leavingToken = slack.issuedTokens().get(slack.issuedTokens().size() - 1);
        String stayingAdmin = devLogin(http, "bob@staying.test");
        String staying = me(http, stayingAdmin).path("tenantId").asText();
        connectSlack(http, stayingAdmin, slack, "code-staying", new SlackFake.Team("T0STAYING", "Staying Co", "U0BOTS"));
        db.update("INSERT INTO slack_event_receipt (tenant_id, event_id, received_at) VALUES (?, 'Ev0LEAVING', now())", tenant);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                rows("integration_catalog", tenant) == 1 && rows("integration_catalog", staying) == 1);

        expectProblem(offboard(member, Map.of("confirm", me.path("tenantName").asText())), HttpStatus.FORBIDDEN, "admin");
        expectProblem(offboard(admin, Map.of("confirm", "not the name")), HttpStatus.BAD_REQUEST, "name");
        expectProblem(offboard(admin, Map.of("confirm", me.path("tenantName").asText(), "also", "x")),
                HttpStatus.BAD_REQUEST, "nothing else");
        assertThat(rows("integration_token", tenant)).as("a refused offboarding does nothing").isEqualTo(1);
        assertThat(slack.revokedTokens()).doesNotContain(leavingToken);

        JsonNode done = offboard(admin, Map.of("confirm", me.path("tenantName").asText())).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(done.path("integrationsRevoked").asInt()).isEqualTo(1);
        assertThat(done.path("providerConfirmed").asInt()).isEqualTo(1);
        assertThat(done.path("providerFailed").asInt()).isZero();

        assertThat(slack.revokedTokens()).as("Slack was asked to revoke the token").contains(leavingToken);
        WRITE_SIDE.forEach(table -> assertThat(rows(table, tenant)).as(table).isZero());
        assertThat(liveDataKeys(tenant)).as("the leaving tenant's data keys are destroyed").isZero();
        assertThat(liveDataKeys(staying)).as("the staying tenant's are not").isPositive();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                READ_MODELS.forEach(table -> assertThat(rows(table, tenant)).as(table).isZero()));
        http.get().uri("/api/me").cookie("crosslayer_session", admin).exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/me").cookie("crosslayer_session", member).exchange().expectStatus().isUnauthorized();

        // The chain stays, ends with the offboarding, verifies, and the final checkpoint covers its last event.
        List<Map<String, Object>> last = db.queryForList("SELECT payload_type, tenant_sequence FROM domain_event_entry "
                + "WHERE tenant_id = ? ORDER BY global_index DESC LIMIT 1", tenant);
        assertThat(last.get(0).get("payload_type")).isEqualTo("ai.crosslayer.kernel.tenant.TenantOffboarded");
        long head = ((Number) last.get(0).get("tenant_sequence")).longValue();
        assertThat(done.path("checkpointedEvent").asLong()).isEqualTo(head);
        assertThat(db.queryForObject("SELECT max(tenant_sequence) FROM audit_checkpoint WHERE tenant_id = ?",
                Long.class, tenant)).isEqualTo(head);
        AuditChain.Report report = service.bean(AuditLog.class).verify(new TenantId(tenant),
                service.bean(AuditPublicKey.class).trusted());
        assertThat(report.valid()).as(String.valueOf(report)).isTrue();
        assertThat(report.checkpointsVerified()).isPositive();

        // Work still in hand when the tenant closed (issue 18.3): a signal a trigger raises late, on an aggregate the
        // tenant never had, is refused as final, and nothing follows TenantOffboarded — no event, no data key; a Slack
        // event of its former workspace is acknowledged and not stored, as for a workspace no tenant holds.
        int keys = dataKeys(tenant);
        TenantId closed = new TenantId(tenant);
        assertThatThrownBy(() -> TenantScope.run(closed, () -> service.bean(CommandGateway.class).sendAndWait(
                new RaiseSignalCommand(closed, SignalId.of(tenant, SignalKind.INTEGRATION_HEALTH, "late"),
                        SignalKind.INTEGRATION_HEALTH, "late", "A signal raised after the tenant closed", "C0LATE", null,
                        Instant.now()),
                AuditContext.of(closed, AuditContext.SYSTEM, AuditContext.Source.SLACK))))
                .satisfies(refusal -> assertThat(ClosedTenant.refused(refusal)).as(String.valueOf(refusal)).isTrue());
        SlackInbound.send(http, SlackInbound.message("T0LEAVING", "Ev0LATE", "C0LATE", "U0LATE", "a late message",
                Instant.now().getEpochSecond() + ".000100")).expectStatus().isOk();
        assertThat(db.queryForObject("SELECT max(tenant_sequence) FROM domain_event_entry WHERE tenant_id = ?",
                Long.class, tenant)).as("the chain still ends with TenantOffboarded").isEqualTo(head);
        assertThat(rows("slack_inbox", tenant) + rows("slack_event_receipt", tenant) + rows("signal_outbox", tenant))
                .isZero();
        assertThat(dataKeys(tenant)).as("no data key was made for the closed tenant").isEqualTo(keys);
        AuditChain.Report after = service.bean(AuditLog.class).verify(closed, service.bean(AuditPublicKey.class).trusted());
        assertThat(after.valid()).as(String.valueOf(after)).isTrue();
        assertThat(db.queryForObject("SELECT max(tenant_sequence) FROM audit_checkpoint WHERE tenant_id = ?",
                Long.class, tenant)).as("its head is still the final checkpoint").isEqualTo(head);

        // Another tenant is untouched.
        assertThat(rows("integration_token", staying)).isEqualTo(1);
        assertThat(rows("tenant_directory_member", staying)).isEqualTo(1);
        assertThat(rows("integration_catalog", staying)).isEqualTo(1);
        http.get().uri("/api/integrations").cookie("crosslayer_session", stayingAdmin).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].status").isEqualTo("connected");

        // A former member who signs in again is placed anew: a new tenant, with nothing of the old one.
        String again = devLogin(http, "ada@leaving.test");
        JsonNode anew = me(http, again);
        assertThat(anew.path("tenantId").asText()).isNotEqualTo(tenant);
        assertThat(anew.path("role").asText()).isEqualTo("ADMIN");
        http.get().uri("/api/integrations").cookie("crosslayer_session", again).exchange().expectStatus().isOk()
                .expectBody().json("[]");
    }

    @Test
    void aMemberAndTheirAdminDownloadTheMembersPersonalDataWithTheEventsItIsIn() throws Exception {
        String admin = devLogin(http, "grace@access.test");
        String member = devLogin(http, "hopper@access.test");
        String tenant = me(http, admin).path("tenantId").asText();
        String hopper = me(http, member).path("userId").asText();
        String grace = me(http, admin).path("userId").asText();
        String stranger = devLogin(http, "eve@elsewhere-access.test");

        for (String caller : List.of(member, admin)) {
            EntityExchangeResult<byte[]> file = http.get().uri("/api/members/{id}/personal-data", hopper)
                    .cookie("crosslayer_session", caller).exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentType(MediaType.APPLICATION_JSON)
                    .expectBody().returnResult();
            assertThat(file.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).startsWith("attachment;");
            JsonNode body = new ObjectMapper().readTree(file.getResponseBody());
            assertThat(body.path("userId").asText()).isEqualTo(hopper);
            assertThat(body.path("subject").asText()).isEqualTo("member:" + hopper);
            JsonNode fields = body.path("fields");
            assertThat(fields).as(body.toString()).hasSize(1);
            JsonNode email = fields.get(0);
            assertThat(email.path("type").asText()).isEqualTo("MemberJoined");
            assertThat(email.path("field").asText()).isEqualTo("email");
            assertThat(email.path("value").asText()).isEqualTo("hopper@access.test");
            Map<String, Object> event = db.queryForMap("SELECT tenant_sequence, event_identifier FROM domain_event_entry "
                    + "WHERE tenant_id = ? AND payload_type LIKE '%.MemberJoined' AND convert_from(payload, 'UTF8') LIKE ?",
                    tenant, "%" + hopper + "%");
            assertThat(email.path("sequence").asLong()).isEqualTo(((Number) event.get("tenant_sequence")).longValue());
            assertThat(email.path("eventId").asText()).isEqualTo(event.get("event_identifier"));
            assertThat(email.path("timestamp").asText()).isNotBlank();
            assertThat(body.toString()).doesNotContain("grace@access.test");
        }

        expectProblem(http.get().uri("/api/members/{id}/personal-data", grace).cookie("crosslayer_session", member)
                .exchange(), HttpStatus.FORBIDDEN, "admins");
        // Another tenant's admin reads their own tenant's events: nothing about this member is there.
        http.get().uri("/api/members/{id}/personal-data", hopper).cookie("crosslayer_session", stranger).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.fields.length()").isEqualTo(0);
        http.get().uri("/api/members/{id}/personal-data", me(http, stranger).path("userId").asText())
                .cookie("crosslayer_session", stranger).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.fields[0].value").isEqualTo("eve@elsewhere-access.test")
                .jsonPath("$.fields.length()").isEqualTo(1);
        http.get().uri("/api/members/{id}/personal-data", hopper).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aTokenTheProviderWouldNotRevokeIsReportedAndNoAlertIsRaisedForTheClosedTenant() {
        String admin = devLogin(http, "lin@refusing.test");
        JsonNode me = me(http, admin);
        String tenant = me.path("tenantId").asText();
        connectSlack(http, admin, slack, "code-refusing", new SlackFake.Team("T0REFUSING", "Refusing Co", "U0BOTF"));
        slack.failRevokes(1000);
        JsonNode done;
        try {
            done = offboard(admin, Map.of("confirm", me.path("tenantName").asText())).expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
        } finally {
            slack.failRevokes(0);
        }
        assertThat(done.path("integrationsRevoked").asInt()).isEqualTo(1);
        assertThat(done.path("providerConfirmed").asInt()).isZero();
        assertThat(done.path("providerFailed").asInt()).isEqualTo(1);

        // Once the signal triggers have passed the failure, no integration-health signal was raised for the tenant.
        long failure = db.queryForObject("SELECT global_index FROM domain_event_entry WHERE tenant_id = ? "
                + "AND payload_type LIKE '%.ProviderRevocationFailed'", Long.class, tenant);
        EventProcessor triggers = service.bean(EventProcessingConfiguration.class).eventProcessor("signal-triggers")
                .orElseThrow();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                ((StreamingEventProcessor) triggers).processingStatus().values().stream()
                        .mapToLong(status -> status.getCurrentPosition().orElse(-1)).min().orElse(-1) >= failure);
        assertThat(db.queryForObject("SELECT count(*) FROM domain_event_entry WHERE tenant_id = ? "
                + "AND payload_type LIKE '%.SignalRaised'", Integer.class, tenant)).isZero();
    }

    private static WebTestClient.ResponseSpec offboard(String session, Map<String, String> body) {
        return http.post().uri("/api/tenant/offboarding").cookie("crosslayer_session", session)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static int dataKeys(String tenant) {
        return db.queryForObject("SELECT count(*) FROM personal_data_key WHERE tenant_id = ?", Integer.class, tenant);
    }

    private static int liveDataKeys(String tenant) {
        return db.queryForObject("SELECT count(*) FROM personal_data_key WHERE tenant_id = ? AND destroyed_at IS NULL",
                Integer.class, tenant);
    }

    private static int rows(String table, String tenant) {
        return db.queryForObject("SELECT count(*) FROM " + table + " WHERE tenant_id = ?", Integer.class, tenant);
    }
}
