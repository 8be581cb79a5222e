package ai.crosslayer.ops.tenancy;

import ai.crosslayer.command.integration.store.DataKeyVault;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.signal.RaiseSignalCommand;
import ai.crosslayer.kernel.signal.SignalId;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.kernel.skill.RecordExtractedSkillCommand;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillSource;
import ai.crosslayer.kernel.tenant.FindMemberQuery;
import ai.crosslayer.kernel.tenant.MemberView;
import ai.crosslayer.kernel.tenant.SignInMemberCommand;
import ai.crosslayer.kernel.tenant.SignInMethod;
import ai.crosslayer.kernel.tenant.VerifiedIdentity;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.GitHubFake;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import ai.crosslayer.ops.testing.WorkOsFake;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static ai.crosslayer.ops.testing.Integrations.connectGitHub;
import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.putPolicy;
import static ai.crosslayer.ops.testing.Integrations.readPolicy;
import static ai.crosslayer.ops.testing.Integrations.startGitHubInstall;
import static ai.crosslayer.ops.testing.Integrations.startSlackInstall;
import static ai.crosslayer.ops.testing.Integrations.stateOf;
import static ai.crosslayer.ops.testing.Problems.expectProblem;
import static ai.crosslayer.ops.testing.SignIns.as;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static ai.crosslayer.ops.testing.SignIns.sessionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The attack matrix: three tenants seeded through real sign-ins — A, B, and C, whose name and whose
 * admin's email collide with A's — and, for every HTTP route the service has, tenant B calling it on
 * tenant A's behalf. B gets what a stranger gets, never A's data, and A's data is unchanged.
 * The matrix is a table: a route the service serves that is missing from it fails
 * {@link #everyRouteOfTheServiceIsInTheMatrix}. Issue #4.
 */
@ExtendWith(OutputCaptureExtension.class)
class TenantIsolationAttackMatrixIT {

    @TempDir
    static Path dataDir;

    private static final byte[] SESSION_KEY = new byte[32];
    private static TestPostgres.Database database;
    private static WorkOsFake workos;
    private static RunningService service;
    private static WebTestClient http;

    private static Member adaOfA;
    private static Member annOfA;
    private static Member bobOfB;
    private static Member adaOfC;
    private static SlackFake slack;
    private static GitHubFake github;
    private static String slackOfA;
    private static String gitHubOfA;
    private static String slackStateOfA;
    private static String gitHubStateOfA;
    private static String skillOfA;
    /** A Slack user (no member) whom A holds personal data about: a data key of A's for them. */
    private static final String SLACK_USER_OF_A = "U0ACMEANN";
    private static String signalOfA;

    /** One row of the matrix: a route, and what B attempts through it against A. */
    record Attack(String method, String pattern, String why, Consumer<Member> asB) {
        String route() {
            return method + " " + pattern;
        }
    }

    private static final List<Attack> MATRIX = List.of(
            new Attack("GET", "/api/me", "tenant data: the caller's own member view",
                    b -> {
                        // Every way a request could try to name a tenant: query, header, cookie-less body.
                        JsonNode me = http.get().uri("/api/me?tenantId=" + adaOfA.tenant + "&tenant=" + adaOfA.tenant)
                                .header("X-Tenant-Id", adaOfA.tenant)
                                .cookie("crosslayer_session", b.session).exchange()
                                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
                        assertThat(me.path("tenantId").asText()).isEqualTo(b.tenant);
                        assertThat(me.path("userId").asText()).isEqualTo(b.userId);
                    }),
            new Attack("GET", "/api/audit/events", "tenant data: the caller's own audit log; filters cannot reach another's",
                    b -> {
                        JsonNode own = http.get().uri("/api/audit/events?limit=1000").cookie("crosslayer_session", b.session)
                                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
                        assertThat(own.path("events")).isNotEmpty();
                        own.path("events").forEach(e -> assertThat(e.path("stored").path("tenantId").asText()).isEqualTo(b.tenant));
                        assertNoTenantData(http.get().uri("/api/audit/events?aggregate=" + adaOfA.tenant)
                                .cookie("crosslayer_session", b.session).exchange().expectStatus().isOk());
                        assertNoTenantData(http.get().uri("/api/audit/events?actor=" + adaOfA.userId)
                                .cookie("crosslayer_session", b.session).exchange().expectStatus().isOk());
                    }),
            new Attack("GET", "/api/audit/export", "tenant data: the caller's own export",
                    b -> assertNoTenantData(http.get().uri("/api/audit/export?format=ndjson&tenantId=" + adaOfA.tenant)
                            .cookie("crosslayer_session", b.session).exchange().expectStatus().isOk())),
            new Attack("GET", "/api/audit/verify", "tenant data: verifies the caller's own chain",
                    b -> {
                        JsonNode report = http.get().uri("/api/audit/verify?tenantId=" + adaOfA.tenant)
                                .cookie("crosslayer_session", b.session).exchange().expectStatus().isOk()
                                .expectBody(JsonNode.class).returnResult().getResponseBody();
                        assertThat(report.path("eventsVerified").asLong()).isEqualTo(eventsOf(b.tenant));
                    }),
            new Attack("GET", "/api/audit/checkpoints", "tenant data: the caller's own signed checkpoints",
                    b -> {
                        JsonNode checkpoints = http.get().uri("/api/audit/checkpoints?tenantId=" + adaOfA.tenant)
                                .cookie("crosslayer_session", b.session).exchange().expectStatus().isOk()
                                .expectBody(JsonNode.class).returnResult().getResponseBody();
                        assertThat(checkpoints.path("tenantId").asText()).isEqualTo(b.tenant);
                        assertThat(checkpoints.toString()).doesNotContain(adaOfA.tenant);
                    }),
            new Attack("GET", "/api/audit/proof/inclusion", "tenant data: proofs from the caller's own tree only",
                    b -> assertNoTenantData(http.get().uri("/api/audit/proof/inclusion?sequence=1&treeSize=1&tenantId=" + adaOfA.tenant)
                            .cookie("crosslayer_session", b.session).exchange())),
            new Attack("GET", "/api/audit/proof/consistency", "tenant data: proofs from the caller's own tree only",
                    b -> assertNoTenantData(http.get().uri("/api/audit/proof/consistency?from=1&to=1&tenantId=" + adaOfA.tenant)
                            .cookie("crosslayer_session", b.session).exchange())),
            new Attack("GET", "/api/audit/state", "tenant data: the caller's own tenant replayed as of an instant",
                    b -> {
                        JsonNode state = http.get().uri("/api/audit/state?asOf=2100-01-01T00:00:00Z&tenantId=" + adaOfA.tenant)
                                .cookie("crosslayer_session", b.session).exchange().expectStatus().isOk()
                                .expectBody(JsonNode.class).returnResult().getResponseBody();
                        assertThat(state.path("tenantId").asText()).isEqualTo(b.tenant);
                        assertThat(state.toString()).doesNotContain(adaOfA.tenant, adaOfA.email);
                    }),
            new Attack("GET", "/api/audit/public-key", "public: the checkpoint key, the same for everyone",
                    b -> assertNoTenantData(http.get().uri("/api/audit/public-key").exchange().expectStatus().isOk())),
            new Attack("GET", "/api/audit/export-schema", "public: the export's JSON Schema, the same for everyone",
                    b -> assertNoTenantData(http.get().uri("/api/audit/export-schema").exchange().expectStatus().isOk())),
            new Attack("GET", "/api/openapi.json", "public: the API's description, the same for everyone",
                    b -> assertNoTenantData(http.get().uri("/api/openapi.json?tenantId=" + adaOfA.tenant)
                            .cookie("crosslayer_session", b.session).exchange().expectStatus().isOk())),
            new Attack("GET", "/api/openapi.json.yaml", "public: the same description in YAML",
                    b -> assertNoTenantData(http.get().uri("/api/openapi.json.yaml?tenantId=" + adaOfA.tenant)
                            .cookie("crosslayer_session", b.session).exchange().expectStatus().isOk())),
            new Attack("GET", "/auth/login", "public: starts a sign-in, holds no tenant data",
                    b -> assertNoTenantData(http.get().uri("/auth/login?tenantId=" + adaOfA.tenant)
                            .cookie("crosslayer_session", b.session).exchange().expectStatus().isFound())),
            new Attack("GET", "/auth/callback", "public: finishes a sign-in; the state belongs to the browser",
                    b -> assertNoTenantData(http.get().uri("/auth/callback?code=x&state=y&tenantId=" + adaOfA.tenant)
                            .cookie("crosslayer_session", b.session).exchange().expectStatus().isBadRequest())),
            new Attack("POST", "/auth/dev-login", "public (local profile): the email is the identity; a tenant field is ignored",
                    b -> {
                        String session = sessionOf(http.post().uri("/auth/dev-login")
                                .cookie("crosslayer_session", b.session)
                                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                                .body(BodyInserters.fromFormData("email", b.email).with("tenantId", adaOfA.tenant))
                                .exchange());
                        assertThat(me(http, session).path("tenantId").asText()).isEqualTo(b.tenant);
                    }),
            new Attack("POST", "/auth/logout", "ends the caller's own session only; a cross-site form signs nobody out",
                    b -> {
                        // Issue 12 item 4. A page of another site posting the form: refused, A still signed in.
                        assertNoTenantData(http.post().uri("/auth/logout").header("Origin", "https://evil.example")
                                .cookie("crosslayer_session", adaOfA.session).exchange().expectStatus().isForbidden());
                        assertNoTenantData(http.post().uri("/auth/logout").header("Sec-Fetch-Site", "cross-site")
                                .cookie("crosslayer_session", adaOfA.session).exchange().expectStatus().isForbidden());
                        // B signs out a session of their own (a fresh one, so the matrix goes on as B).
                        String another = devLogin(http, b.email);
                        assertNoTenantData(http.post().uri("/auth/logout?tenantId=" + adaOfA.tenant)
                                .cookie("crosslayer_session", another).exchange().expectStatus().isNoContent());
                        http.get().uri("/api/me").cookie("crosslayer_session", another).exchange().expectStatus().isUnauthorized();
                        me(http, adaOfA.session);
                        me(http, b.session);
                    }),
            new Attack("POST", "/auth/logout-everywhere", "ends every session of the caller only, never another tenant's",
                    b -> {
                        assertNoTenantData(http.post().uri("/auth/logout-everywhere").header("Origin", "https://evil.example")
                                .cookie("crosslayer_session", adaOfA.session).exchange().expectStatus().isForbidden());
                        // A colleague of B's (so that B's own session lives on for the rest of the matrix).
                        String colleague = devLogin(http, "bea@bobco.test");
                        String colleagueElsewhere = devLogin(http, "bea@bobco.test");
                        assertNoTenantData(http.post().uri("/auth/logout-everywhere?tenantId=" + adaOfA.tenant
                                        + "&userId=" + adaOfA.userId)
                                .cookie("crosslayer_session", colleague).exchange().expectStatus().isNoContent());
                        http.get().uri("/api/me").cookie("crosslayer_session", colleagueElsewhere).exchange()
                                .expectStatus().isUnauthorized();
                        me(http, adaOfA.session);
                        me(http, b.session);
                    }),
            new Attack("GET", "/api/integrations", "tenant data: the caller's own integrations",
                    b -> {
                        JsonNode list = http.get().uri("/api/integrations?tenantId=" + adaOfA.tenant)
                                .cookie("crosslayer_session", b.session).exchange().expectStatus().isOk()
                                .expectBody(JsonNode.class).returnResult().getResponseBody();
                        assertThat(list.toString()).doesNotContain(slackOfA, gitHubOfA, "T0ACME");
                    }),
            new Attack("GET", "/api/integrations/{id}", "tenant data: another tenant's integration is not found",
                    b -> assertNotFound(http.get().uri("/api/integrations/" + slackOfA)
                            .cookie("crosslayer_session", b.session).exchange())),
            new Attack("DELETE", "/api/integrations/{id}", "tenant write: B cannot revoke A's integration",
                    b -> {
                        assertNotFound(http.delete().uri("/api/integrations/" + slackOfA)
                                .cookie("crosslayer_session", b.session).exchange());
                        assertThat(tokensOf(adaOfA.tenant)).as("A's tokens are all still there").isEqualTo(2);
                    }),
            new Attack("GET", "/api/integrations/{id}/repositories", "tenant data: A's GitHub account's repositories",
                    b -> assertNotFound(http.get().uri("/api/integrations/" + gitHubOfA + "/repositories")
                            .cookie("crosslayer_session", b.session).exchange())),
            new Attack("PUT", "/api/integrations/{id}/repositories", "tenant write: B cannot pick A's repositories",
                    b -> assertNotFound(http.put().uri("/api/integrations/" + gitHubOfA + "/repositories")
                            .cookie("crosslayer_session", b.session)
                            .bodyValue(Map.of("repositories", List.of("acme/runbooks"))).exchange())),
            new Attack("GET", "/api/integrations/{id}/repositories/{owner}/{name}/file", "tenant data: a file through A's token",
                    b -> assertNotFound(http.get().uri("/api/integrations/" + gitHubOfA + "/repositories/acme/runbooks/file?path=a.md")
                            .cookie("crosslayer_session", b.session).exchange())),
            new Attack("GET", "/slack/install", "B's own install: the state is bound to B's session",
                    b -> assertNoTenantData(http.get().uri("/slack/install?tenantId=" + adaOfA.tenant)
                            .cookie("crosslayer_session", b.session).exchange().expectStatus().isFound())),
            new Attack("GET", "/slack/oauth/callback", "A's install state is refused in B's session",
                    b -> assertNoTenantData(http.get().uri("/slack/oauth/callback?code=code-stolen&state=" + slackStateOfA)
                            .cookie("crosslayer_session", b.session).exchange().expectStatus().isBadRequest())),
            new Attack("GET", "/github/install", "B's own install: the state is bound to B's session",
                    b -> assertNoTenantData(http.get().uri("/github/install?tenantId=" + adaOfA.tenant)
                            .cookie("crosslayer_session", b.session).exchange().expectStatus().isFound())),
            new Attack("GET", "/github/oauth/callback", "A's install state is refused in B's session",
                    b -> assertNoTenantData(http.get().uri("/github/oauth/callback?code=gh-stolen&state=" + gitHubStateOfA)
                            .cookie("crosslayer_session", b.session).exchange().expectStatus().isBadRequest())),
            new Attack("POST", "/slack/events", "Slack only: an unsigned request naming A's team does nothing",
                    b -> {
                        assertNoTenantData(http.post().uri("/slack/events").cookie("crosslayer_session", b.session)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue("{\"type\":\"event_callback\",\"team_id\":\"T0ACME\",\"event\":{\"type\":\"app_uninstalled\"}}")
                                .exchange().expectStatus().isUnauthorized());
                        assertThat(tokensOf(adaOfA.tenant)).isEqualTo(2);
                    }),
            new Attack("GET", "/api/skills", "tenant data: the caller's own skills; a search cannot reach another's",
                    b -> {
                        JsonNode list = http.get().uri("/api/skills?q=acme-secret-runbook&tenantId=" + adaOfA.tenant)
                                .cookie("crosslayer_session", b.session).exchange().expectStatus().isOk()
                                .expectBody(JsonNode.class).returnResult().getResponseBody();
                        assertThat(list).isEmpty();
                        assertThat(list.toString()).doesNotContain(skillOfA);
                    }),
            new Attack("GET", "/api/skills/{id}", "tenant data: another tenant's skill is not found",
                    b -> assertNotFound(http.get().uri("/api/skills/" + skillOfA).cookie("crosslayer_session", b.session).exchange())),
            new Attack("GET", "/api/skills/{id}/skill.md", "tenant data: another tenant's skill is not exported",
                    b -> assertNotFound(http.get().uri("/api/skills/" + skillOfA + "/skill.md")
                            .cookie("crosslayer_session", b.session).exchange())),
            new Attack("POST", "/slack/interactions", "Slack only: an unsigned card press naming A's skill does nothing",
                    b -> {
                        assertNoTenantData(http.post().uri("/slack/interactions").cookie("crosslayer_session", b.session)
                                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                                .bodyValue("payload=%7B%22type%22%3A%22block_actions%22%7D")
                                .exchange().expectStatus().isUnauthorized());
                        assertThat(http.get().uri("/api/skills/" + skillOfA).cookie("crosslayer_session", adaOfA.session)
                                .exchange().expectBody(JsonNode.class).returnResult().getResponseBody().path("status").asText())
                                .isEqualTo("proposed");
                    }),
            new Attack("POST", "/slack/commands", "Slack only: an unsigned slash command naming A's team answers nothing",
                    b -> assertNoTenantData(http.post().uri("/slack/commands").cookie("crosslayer_session", b.session)
                            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                            .bodyValue("team_id=T0ACME&text=skills%20acme")
                            .exchange().expectStatus().isUnauthorized())),
            new Attack("GET", "/api/governance", "tenant data: the caller's own policy",
                    b -> assertNoTenantData(http.get().uri("/api/governance?tenantId=" + adaOfA.tenant)
                            .cookie("crosslayer_session", b.session).exchange().expectStatus().isOk())),
            new Attack("PUT", "/api/governance", "tenant write: B's policy change changes B's policy only",
                    b -> {
                        ObjectNode policy = readPolicy(http, b.session);
                        ((ObjectNode) policy.path("settings")).put("signalChannel", "C0BOBSIG");
                        http.put().uri("/api/governance?tenantId=" + adaOfA.tenant).cookie("crosslayer_session", b.session)
                                .contentType(MediaType.APPLICATION_JSON).bodyValue(policy.toString())
                                .exchange().expectStatus().isOk();
                        await().atMost(Duration.ofSeconds(5)).until(() -> http.get().uri("/api/governance")
                                .cookie("crosslayer_session", b.session).exchange().expectBody(String.class).returnResult()
                                .getResponseBody().contains("C0BOBSIG"));
                        assertThat(http.get().uri("/api/governance").cookie("crosslayer_session", adaOfA.session).exchange()
                                .expectBody(String.class).returnResult().getResponseBody())
                                .contains("C0ACMESIG").doesNotContain("C0BOBSIG");
                    }),
            new Attack("GET", "/api/signals", "tenant data: the caller's own signals",
                    b -> {
                        JsonNode list = http.get().uri("/api/signals?tenantId=" + adaOfA.tenant)
                                .cookie("crosslayer_session", b.session).exchange().expectStatus().isOk()
                                .expectBody(JsonNode.class).returnResult().getResponseBody();
                        assertThat(list.toString()).doesNotContain(signalOfA);
                    }),
            new Attack("GET", "/api/members", "tenant data: the caller's own members",
                    b -> {
                        JsonNode list = as(http, b.session).get().uri("/api/members?tenantId=" + adaOfA.tenant).exchange()
                                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
                        assertThat(list).isNotEmpty();
                        assertThat(list.toString()).doesNotContain(adaOfA.userId, annOfA.userId, "acme.test");
                    }),
            new Attack("PUT", "/api/members/{userId}/role", "tenant write: B cannot change the role of A's member",
                    b -> {
                        assertNotFound(as(http, b.session).put().uri("/api/members/{id}/role?tenantId=" + adaOfA.tenant,
                                annOfA.userId).contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("role", "ADMIN")).exchange());
                        assertThat(me(http, annOfA.session).path("role").asText()).isEqualTo("MEMBER");
                    }),
            new Attack("DELETE", "/api/members/{userId}", "tenant write: B cannot remove A's member or end their sessions",
                    b -> {
                        assertNotFound(as(http, b.session).delete().uri("/api/members/{id}?tenantId=" + adaOfA.tenant,
                                annOfA.userId).exchange());
                        assertThat(me(http, annOfA.session).path("tenantId").asText()).isEqualTo(adaOfA.tenant);
                    }),
            new Attack("DELETE", "/api/members/{userId}/personal-data",
                    "tenant write: B cannot erase A's member, destroy their data keys or end their sessions",
                    b -> {
                        assertNotFound(as(http, b.session).delete().uri("/api/members/{id}/personal-data?tenantId="
                                + adaOfA.tenant, annOfA.userId).exchange());
                        assertThat(me(http, annOfA.session).path("tenantId").asText()).isEqualTo(adaOfA.tenant);
                        assertThat(me(http, annOfA.session).path("email").asText()).isEqualTo(annOfA.email);
                    }),
            new Attack("GET", "/api/members/{userId}/personal-data",
                    "tenant data: B's admin asking for A's member gets a file of B's tenant, with no field of A's",
                    b -> {
                        JsonNode file = as(http, b.session).get().uri("/api/members/{id}/personal-data?tenantId="
                                        + adaOfA.tenant, annOfA.userId).exchange().expectStatus().isOk()
                                .expectBody(JsonNode.class).returnResult().getResponseBody();
                        assertThat(file.path("tenantId").asText()).isEqualTo(b.tenant);
                        assertThat(file.path("fields")).isEmpty();
                        assertThat(file.toString()).doesNotContain(annOfA.email, adaOfA.tenant);
                    }),
            new Attack("DELETE", "/api/slack-users/{slackUserId}/personal-data",
                    "tenant write: B's admin cannot erase a Slack user of A's or destroy their data key",
                    b -> {
                        expectProblem(as(http, b.session).delete().uri("/api/slack-users/{id}/personal-data?tenantId="
                                + adaOfA.tenant, SLACK_USER_OF_A).exchange(), HttpStatus.NOT_FOUND, "no personal data");
                        assertThat(liveKeysOf(adaOfA.tenant, "slack-user:" + SLACK_USER_OF_A)).isEqualTo(1);
                    }),
            new Attack("GET", "/api/slack-users/{slackUserId}/personal-data",
                    "tenant data: B's admin asking for A's Slack user gets a file of B's tenant, with no field of A's",
                    b -> {
                        JsonNode file = as(http, b.session).get().uri("/api/slack-users/{id}/personal-data?tenantId="
                                        + adaOfA.tenant, SLACK_USER_OF_A).exchange().expectStatus().isOk()
                                .expectBody(JsonNode.class).returnResult().getResponseBody();
                        assertThat(file.path("tenantId").asText()).isEqualTo(b.tenant);
                        assertThat(file.path("fields")).isEmpty();
                        assertThat(file.toString()).doesNotContain(adaOfA.tenant);
                    }),
            new Attack("POST", "/api/tenant/offboarding",
                    "tenant write: B naming A's account (or A's tenant id) cannot close A, nor does B's own close",
                    b -> {
                        expectProblem(as(http, b.session).post().uri("/api/tenant/offboarding?tenantId=" + adaOfA.tenant)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("confirm", me(http, adaOfA.session).path("tenantName").asText()))
                                .exchange(), HttpStatus.BAD_REQUEST, "name");
                        assertThat(me(http, adaOfA.session).path("tenantId").asText()).isEqualTo(adaOfA.tenant);
                        assertThat(me(http, b.session).path("tenantId").asText()).isEqualTo(b.tenant);
                    }),
            new Attack("POST", "/api/skills/{id}/decision", "tenant write: B cannot decide on A's skill",
                    b -> {
                        assertNotFound(as(http, b.session).post().uri("/api/skills/" + skillOfA + "/decision")
                                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"approve\":true}").exchange());
                        assertThat(as(http, adaOfA.session).get().uri("/api/skills/" + skillOfA).exchange()
                                .expectBody(JsonNode.class).returnResult().getResponseBody().path("status").asText())
                                .isEqualTo("proposed");
                    }),
            new Attack("POST", "/api/signals/{id}/acknowledge", "tenant write: B cannot acknowledge A's signal",
                    b -> assertNotFound(as(http, b.session).post().uri("/api/signals/" + signalOfA + "/acknowledge")
                            .exchange())),
            // The dashboard's pages (issue 16): each shows the caller's own tenant, never another's.
            new Attack("GET", "/", "public: the sign-in page; signed in, a redirect to the caller's own overview",
                    b -> {
                        assertNoTenantData(http.get().uri("/").exchange().expectStatus().isOk());
                        assertNoTenantData(http.get().uri("/?tenantId=" + adaOfA.tenant).cookie("crosslayer_session", b.session)
                                .exchange().expectStatus().isSeeOther().expectHeader().location("/app"));
                    }),
            new Attack("GET", "/app", "tenant data: the caller's own overview; without a session, sign in first",
                    b -> {
                        http.get().uri("/app").exchange().expectStatus().isSeeOther().expectHeader().location("/");
                        assertThat(page("/app?tenantId=" + adaOfA.tenant, b)).contains("bobco.test");
                    }),
            new Attack("GET", "/app/integrations", "tenant data: the caller's own integrations",
                    b -> assertThat(page("/app/integrations", b)).doesNotContain(slackOfA, gitHubOfA, "T0ACME")),
            new Attack("GET", "/app/integrations/{id}/repositories", "tenant data: A's GitHub account is not found",
                    b -> assertNotFound(http.get().uri("/app/integrations/" + gitHubOfA + "/repositories")
                            .cookie("crosslayer_session", b.session).exchange())),
            new Attack("GET", "/app/governance", "tenant data: the caller's own policy",
                    b -> assertThat(page("/app/governance", b)).doesNotContain("C0ACMESIG")),
            new Attack("GET", "/app/skills", "tenant data: the caller's own skills; a search cannot reach another's",
                    b -> assertThat(page("/app/skills?q=acme-secret-runbook", b)).contains("No skill matches.").doesNotContain(skillOfA)),
            new Attack("GET", "/app/skills/{id}", "tenant data: another tenant's skill is not found",
                    b -> assertNotFound(http.get().uri("/app/skills/" + skillOfA).cookie("crosslayer_session", b.session).exchange())),
            new Attack("GET", "/app/signals", "tenant data: the caller's own signals",
                    b -> assertThat(page("/app/signals", b)).doesNotContain(signalOfA, "A's reminder")),
            new Attack("GET", "/app/members", "tenant data: the caller's own members",
                    b -> assertThat(page("/app/members", b)).contains("data-member=\"" + b.userId + "\"")),
            new Attack("GET", "/app/audit", "tenant data: the caller's own audit log; filters cannot reach another's",
                    b -> {
                        assertThat(page("/app/audit", b)).contains("tenant.created");
                        // The filter names A's member (and the page echoes it in its form): none of B's events match.
                        assertThat(http.get().uri("/app/audit?actor=" + adaOfA.userId).cookie("crosslayer_session", b.session)
                                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                                .contains("No event matches.").doesNotContain(adaOfA.tenant, adaOfA.email + "<");
                    }),
            new Attack("GET", "/app/audit/{sequence}", "tenant data: event n of the caller's own log",
                    b -> assertThat(page("/app/audit/1", b)).contains(b.tenant)),
            new Attack("GET", "/assets/dashboard.js", "public: the pages' script, the same for everyone",
                    b -> assertNoTenantData(http.get().uri("/assets/dashboard.js").exchange().expectStatus().isOk())),
            new Attack("GET", "/assets/dashboard.css", "public: the pages' style sheet, the same for everyone",
                    b -> assertNoTenantData(http.get().uri("/assets/dashboard.css").exchange().expectStatus().isOk())),
            new Attack("PUT", "/api/governance", "CSRF: a change made with B's session but without its token is refused",
                    b -> {
                        ObjectNode policy = readPolicy(http, b.session);
                        ((ObjectNode) policy.path("settings")).put("signalChannel", "C0FORGED");
                        for (String token : new String[]{null, "forged", service.csrfToken(adaOfA.session)}) {
                            var put = service.httpWithoutCsrfToken().put().uri("/api/governance").cookie("crosslayer_session", b.session)
                                    .contentType(MediaType.APPLICATION_JSON);
                            if (token != null) {
                                put = put.header("X-CSRF-Token", token);
                            }
                            expectProblem(put.bodyValue(policy.toString()).exchange(), HttpStatus.FORBIDDEN, "X-CSRF-Token");
                        }
                        assertThat(readPolicy(http, b.session).toString()).doesNotContain("C0FORGED");
                    }),
            // Issue 12: input that used to escape a repository or answer 500. These rows hold for any caller.
            new Attack("GET", "/api/integrations/{id}/repositories/{owner}/{name}/file",
                    "issue 12.1: even A's own admin cannot leave the connected repository or add to GitHub's URL",
                    b -> {
                        int asked = github.requests().size();
                        for (String path : List.of("../../other-repo/contents/x", "%2e%2e/%2e%2e/other-repo/contents/x",
                                "a.md?ref=branch", "/a.md")) {
                            expectProblem(http.get().uri("/api/integrations/" + gitHubOfA + "/repositories/acme/runbooks/file?path={p}", path)
                                    .cookie("crosslayer_session", adaOfA.session).exchange(), HttpStatus.BAD_REQUEST, "path");
                        }
                        assertThat(github.requests()).as("no GitHub call").hasSize(asked);
                    }),
            new Attack("GET", "/api/audit/events", "issue 12.3: out-of-range instants and NUL bytes are 400, not 500",
                    b -> {
                        for (String query : List.of("since=-999999999-01-01T00:00:00Z", "until=+999999999-12-31T23:59:59Z",
                                "type=a%00b", "actor=%00", "aggregate=x%00")) {
                            expectProblem(http.get().uri(raw("/api/audit/events?" + query))
                                    .cookie("crosslayer_session", b.session).exchange(), HttpStatus.BAD_REQUEST,
                                    "'" + query.substring(0, query.indexOf('=')) + "'");
                        }
                    }),
            new Attack("GET", "/api/audit/state", "issue 12.3: an out-of-range asOf is 400, not 500",
                    b -> expectProblem(http.get().uri(raw("/api/audit/state?asOf=%2B999999999-12-31T23:59:59Z"))
                            .cookie("crosslayer_session", b.session).exchange(), HttpStatus.BAD_REQUEST, "asOf")),
            new Attack("GET", "/api/skills", "issue 12.3: a NUL byte in a search is 400, not 500",
                    b -> expectProblem(http.get().uri(raw("/api/skills?q=deploy%00"))
                            .cookie("crosslayer_session", b.session).exchange(), HttpStatus.BAD_REQUEST, "'q'")),
            new Attack("GET", "/api/signals", "issue 12.3: an out-of-range instant is 400, not 500",
                    b -> expectProblem(http.get().uri(raw("/api/signals?since=-999999999-01-01T00:00:00Z"))
                            .cookie("crosslayer_session", b.session).exchange(), HttpStatus.BAD_REQUEST, "since")),
            new Attack("GET", "/actuator/health/liveness", "issue 12.3: a path that climbs out of health (beside the probes) is not a 500",
                    b -> {
                        for (String path : List.of("..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/x", "db%00", "..;/x")) {
                            assertThat(http.get().uri(raw("/actuator/health/" + path)).exchange().returnResult(Void.class)
                                    .getStatus().value()).as(path).isLessThan(500);
                        }
                    }),
            new Attack("GET", "/actuator/health/liveness", "a probe's status only; actuator is not on the public port",
                    b -> {
                        assertNoTenantData(http.get().uri("/actuator/health/liveness").cookie("crosslayer_session", b.session)
                                .exchange().expectStatus().isOk());
                        // Issue 12 item 5: metrics (cross-tenant counters) and details are on the management port only.
                        for (String operators : List.of("/actuator", "/actuator/prometheus", "/actuator/health",
                                "/actuator/health/db", "/actuator/metrics")) {
                            http.get().uri(operators).cookie("crosslayer_session", b.session).exchange()
                                    .expectStatus().isNotFound();
                        }
                    }),
            new Attack("GET", "/actuator/health/readiness", "a probe's status only",
                    b -> assertNoTenantData(http.get().uri("/actuator/health/readiness").cookie("crosslayer_session", b.session)
                            .exchange().expectStatus().isOk())));

    @BeforeAll
    static void seedThreeTenants() {
        new SecureRandom().nextBytes(SESSION_KEY);
        database = TestPostgres.freshDatabase();
        workos = new WorkOsFake();
        slack = new SlackFake();
        github = new GitHubFake();
        service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .set("CROSSLAYER_SESSION_KEY", Base64.getEncoder().encodeToString(SESSION_KEY))
                .slack(slack)
                .github(github)
                .set("CROSSLAYER_WORKOS_API_KEY", WorkOsFake.API_KEY)
                .set("CROSSLAYER_WORKOS_CLIENT_ID", WorkOsFake.CLIENT_ID)
                .set("CROSSLAYER_WORKOS_API_URL", workos.url())
                .start();
        http = service.http();
        // The API description is built on its first request (seconds of reflection, far more on a busy machine);
        // the junk test's 15 s per request is for answering, not for that.
        http.mutate().responseTimeout(Duration.ofSeconds(120)).build()
                .get().uri("/api/openapi.json").exchange().expectStatus().isOk();
        adaOfA = member(devLogin(http, "ada@acme.test"), "ada@acme.test");
        annOfA = member(devLogin(http, "ann@acme.test"), "ann@acme.test");
        bobOfB = member(devLogin(http, "bob@bobco.test"), "bob@bobco.test");
        // C: a WorkOS organization whose founder has A's admin's email; its tenant gets A's name.
        workos.willAuthenticate("code-c", "user_ada_at_c", "ada@acme.test", true, "org_c");
        String state = http.get().uri("/auth/login").exchange().returnResult(Void.class)
                .getResponseCookies().getFirst("crosslayer_signin_state").getValue();
        adaOfC = member(sessionOf(http.get().uri("/auth/callback?code=code-c&state=" + state)
                .cookie("crosslayer_signin_state", state).exchange()), "ada@acme.test");
        // A's integrations, and an install of each kind that A has started but not finished.
        slackOfA = connectSlack(http, adaOfA.session, slack, "code-acme", new SlackFake.Team("T0ACME", "Acme", "U0BOTACME"));
        github.file("acme/runbooks", "a.md", "A's runbook");
        gitHubOfA = connectGitHub(http, adaOfA.session, github, "gh-acme",
                new GitHubFake.User(7001, "ada-acme", List.of("acme/runbooks")));
        http.put().uri("/api/integrations/" + gitHubOfA + "/repositories").cookie("crosslayer_session", adaOfA.session)
                .bodyValue(Map.of("repositories", List.of("acme/runbooks"))).exchange().expectStatus().isNoContent();
        slackStateOfA = stateOf(startSlackInstall(http, adaOfA.session));
        gitHubStateOfA = stateOf(startGitHubInstall(http, adaOfA.session));
        slack.willInstall("code-stolen", new SlackFake.Team("T0ACME", "Acme", "U0BOTACME"));
        github.willAuthorize("gh-stolen", new GitHubFake.User(7001, "ada-acme", List.of("acme/runbooks")));
        // A skill of A's, recorded as the inbox worker records one (extraction itself is SkillExtractionJourneyIT's).
        TenantId a = new TenantId(adaOfA.tenant);
        SkillId skill = SkillId.fromSlackEvent(adaOfA.tenant, "Ev0ACME");
        TenantScope.run(a, () -> service.bean(CommandGateway.class).sendAndWait(new RecordExtractedSkillCommand(a, skill,
                new SkillContent("acme-secret-runbook", "A's runbook.", null, List.of("Do A's thing."), List.of("acme")),
                new SkillSource("T0ACME", "C0ACME", "1764400000.000100", "1764400000.000100", null, "0".repeat(64)),
                "claude-test", "skill-extraction/1", Instant.now())));
        skillOfA = skill.value();
        service.bean(DataKeyVault.class).seal(a, "slack-user:" + SLACK_USER_OF_A, new byte[0], new byte[]{1});
        putPolicy(http, adaOfA.session, 0, Map.of("signalChannel", "C0ACMESIG")).expectStatus().isOk();
        SignalId signal = SignalId.of(adaOfA.tenant, SignalKind.WAITING_FOR_REVIEW, skillOfA);
        TenantScope.run(a, () -> service.bean(CommandGateway.class).sendAndWait(new RaiseSignalCommand(a, signal,
                SignalKind.WAITING_FOR_REVIEW, skillOfA, "A's reminder", null, null, Instant.now())));
        signalOfA = signal.value();
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get().uri("/api/signals").cookie("crosslayer_session", adaOfA.session)
                .exchange().expectBody(String.class).returnResult().getResponseBody().contains(signalOfA));
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get().uri("/api/skills/" + skillOfA)
                .cookie("crosslayer_session", adaOfA.session).exchange().returnResult(Void.class).getStatus().value() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        workos.close();
        slack.close();
        github.close();
    }

    @Test
    void theSeedHasCollidingNamesAndEmailsInDistinctTenants() {
        assertThat(Set.of(adaOfA.tenant, bobOfB.tenant, adaOfC.tenant)).hasSize(3);
        assertThat(me(http, adaOfC.session).path("tenantName").asText()).isEqualTo(me(http, adaOfA.session).path("tenantName").asText());
        assertThat(adaOfC.email).isEqualTo(adaOfA.email);
    }

    @Test
    void tenantBGetsNothingOfTenantAThroughAnyRoute() {
        String aBefore = me(http, adaOfA.session).toString();
        stillEventCount();
        long aEventsBefore = eventsOf(adaOfA.tenant);

        List<String> failures = new ArrayList<>();
        for (Attack attack : MATRIX) {
            try {
                attack.asB().accept(bobOfB);
            } catch (AssertionError e) {
                failures.add(attack.route() + ": " + e.getMessage());
            }
        }
        assertThat(failures).isEmpty();

        assertThat(me(http, adaOfA.session).toString()).as("A's data is unchanged").isEqualTo(aBefore);
        assertThat(eventsOf(adaOfA.tenant)).isEqualTo(aEventsBefore);
    }

    /**
     * Issue 12, item 3, property-style: generated junk — in every path variable, query parameter and body — at
     * every route of the matrix, as a signed-in member, is never answered with a 5xx. The seed is printed with
     * any failure, so that a failing case can be replayed.
     */
    @Test
    void generatedJunkAtEveryRouteOfTheMatrixIsNeverAServerError() {
        long seed = Long.getLong("junk.seed", System.nanoTime());
        Random random = new Random(seed);
        String junkie = devLogin(http, "junk@junk.test");
        Set<String> routes = MATRIX.stream().map(Attack::route).collect(Collectors.toCollection(TreeSet::new));
        List<String> failures = new ArrayList<>();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String pattern = route.substring(route.indexOf(' ') + 1);
            for (int i = 0; i < 20; i++) {
                String path = pattern.replace("{*path}", shortened(encode(junk(random))));
                while (path.contains("{")) {
                    path = path.replaceFirst("\\{[^}]+}", shortened(encode(random.nextInt(4) == 0 ? gitHubOfA : junk(random))));
                }
                StringBuilder query = new StringBuilder();
                for (int p = 0, n = 1 + random.nextInt(3); p < n; p++) {
                    String name = random.nextInt(6) == 0 ? junk(random) : PARAMETERS.get(random.nextInt(PARAMETERS.size()));
                    String param = encode(name) + "=" + encode(junk(random));
                    // Within Netty's request line (4,096 bytes): longer lines are the transport's business, not a route's.
                    if (path.length() + query.length() + param.length() < 3_500) {
                        query.append(query.isEmpty() ? "?" : "&").append(param);
                    }
                }
                URI uri = raw(path + query);
                WebTestClient.RequestBodySpec request = http.method(HttpMethod.valueOf(method)).uri(uri);
                // Logout ends the session it is sent with: junk is sent to it without one.
                if (!route.equals("POST /auth/logout")) {
                    request.cookie("crosslayer_session", junkie);
                }
                String body = JUNK_BODIES.get(random.nextInt(JUNK_BODIES.size())).apply(random);
                if (!method.equals("GET")) {
                    request.contentType(random.nextBoolean() ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_FORM_URLENCODED)
                            .bodyValue(body);
                }
                try {
                    int status = request.exchange().returnResult(Void.class).getStatus().value();
                    if (status >= 500) {
                        failures.add(status + " from " + method + " " + uri + " body " + abbreviate(body));
                    }
                } catch (IllegalStateException e) {
                    failures.add("no answer (" + e.getMessage() + ") from " + method + " " + uri + " body " + abbreviate(body));
                }
            }
        }
        assertThat(failures).as("junk that answered 5xx (seed " + seed + ")").isEmpty();
    }

    /** Every query parameter some route reads, and a few that some caller might try. */
    private static final List<String> PARAMETERS = List.of("since", "until", "asOf", "type", "actor", "aggregate", "after",
            "limit", "format", "q", "status", "kind", "state", "path", "code", "tenantId", "ref");

    private static final List<String> FIXED_JUNK = List.of("", " ", "\u0000", "a\u0000b", "-999999999-01-01T00:00:00Z",
            "+999999999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "-1", "0", "2147483648", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "1e309", "NaN", "null", "true", "%", "%zz", "%00", "../../etc/passwd",
            "..\\..\\x", "<!channel>", "' OR 1=1 --", "\uD800", "😀".repeat(100), "x".repeat(1000), "\r\nX-Injected: 1",
            "{}", "[]", "2026-11-29T08:00:00Z", "P99999999999D", "PT-1S", "ndjson", "csv", "confirmed", "CONFLICT",
            "dead-letter", "00000000-0000-0000-0000-000000000000");

    private static final List<Function<Random, String>> JUNK_BODIES = List.of(
            r -> "", r -> "{", r -> "null", r -> "[]", r -> "\"text\"", r -> "{\"revision\":1e999}",
            r -> "{\"revision\":-9223372036854775809,\"settings\":{}}",
            r -> "{\"revision\":0,\"settings\":{\"passiveCaptureChannels\":[\"\\u0000\"],\"approvers\":\"ANYONE\","
                    + "\"approverUserIds\":[],\"signalChannel\":null,\"inboxMaxAge\":\"PT999999999999H\",\"watchGitHubDrift\":false,\"skillSourceRetentionDays\":null}}",
            r -> "{\"repositories\":[null,1,{},\"\\u0000\",\"" + "a/".repeat(500) + "\"]}",
            r -> "{\"repositories\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
            r -> "email=" + encode(junk(r)) + "&tenantId=" + encode(junk(r)),
            r -> "payload=" + encode(junk(r)),
            r -> "{\"" + junk(r).replace("\"", "") + "\":\"" + junk(r).replace("\"", "") + "\"}");

    /** A junk value: one of the known troublemakers, or random characters from control codes to emoji. */
    private static String junk(Random random) {
        if (random.nextBoolean()) {
            return FIXED_JUNK.get(random.nextInt(FIXED_JUNK.size()));
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0, n = random.nextInt(40); i < n; i++) {
            int kind = random.nextInt(4);
            text.appendCodePoint(switch (kind) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x20 + random.nextInt(0x5f);
                case 2 -> 0xa0 + random.nextInt(0x2000);
                default -> 0x1f600 + random.nextInt(0x40);
            });
        }
        return text.toString();
    }

    /** An already-encoded path and query of the service, sent exactly as written. */
    private static URI raw(String pathAndQuery) {
        return URI.create(service.baseUrl() + pathAndQuery);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An encoded value cut to at most 600 characters, never inside a percent-escape. */
    private static String shortened(String encoded) {
        if (encoded.length() <= 600) {
            return encoded;
        }
        int cut = 600;
        int escape = encoded.lastIndexOf('%', cut - 1);
        return encoded.substring(0, escape > cut - 3 ? escape : cut);
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }

    @Test
    void everyRouteOfTheServiceIsInTheMatrix() {
        Set<String> served = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping : service.beansOf(RequestMappingInfoHandlerMapping.class)) {
            mapping.getHandlerMethods().keySet().forEach(info -> {
                Set<String> methods = info.getMethodsCondition().getMethods().stream()
                        .map(Enum::name).collect(Collectors.toSet());
                info.getPatternsCondition().getPatterns().forEach(pattern ->
                        (methods.isEmpty() ? Set.of("GET") : methods).forEach(m -> served.add(m + " " + pattern)));
            });
        }
        Set<String> inMatrix = MATRIX.stream().map(Attack::route).collect(Collectors.toCollection(TreeSet::new));
        assertThat(inMatrix).as("routes in the matrix that the service does not serve").isSubsetOf(served);
        assertThat(served).as("every route the service serves must have a row in the matrix").isSubsetOf(inMatrix);
    }

    @Test
    void aCommandForAnotherTenantIsRefusedAndLoggedWithBothTenantsAndNoData(CapturedOutput log) {
        stillEventCount(); // earlier rows' after-effects (projections, signals) land first: count what the refusal adds
        long aEvents = eventsOf(adaOfA.tenant);
        VerifiedIdentity intruder = new VerifiedIdentity("user_intruder", "intruder@bobco.test", true, null,
                SignInMethod.WORKOS);
        assertThatThrownBy(() -> TenantScope.run(new TenantId(bobOfB.tenant), () -> service.bean(CommandGateway.class)
                .sendAndWait(new SignInMemberCommand(new TenantId(adaOfA.tenant), intruder, Instant.now()))))
                .isInstanceOf(CrossTenantAccessRefused.class);
        assertThatThrownBy(() -> service.bean(CommandGateway.class)
                .sendAndWait(new SignInMemberCommand(new TenantId(adaOfA.tenant), intruder, Instant.now())))
                .as("no scope at all").isInstanceOf(CrossTenantAccessRefused.class);

        assertThat(eventsOf(adaOfA.tenant)).isEqualTo(aEvents);
        assertThat(log.getOut()).contains("refused cross-tenant command: caller tenant " + bobOfB.tenant
                + " sent SignInMemberCommand naming tenant " + adaOfA.tenant);
        assertThat(log.getOut()).doesNotContain("intruder@bobco.test");
    }

    @Test
    void aQueryForAnotherTenantIsRefused() {
        assertThatThrownBy(() -> TenantScope.call(new TenantId(bobOfB.tenant), () -> service.bean(QueryGateway.class)
                .query(new FindMemberQuery(new TenantId(adaOfA.tenant), adaOfA.userId),
                        ResponseTypes.optionalInstanceOf(MemberView.class)).join()))
                .isInstanceOf(CrossTenantAccessRefused.class);
        Optional<MemberView> own = TenantScope.call(new TenantId(adaOfA.tenant), () -> service.bean(QueryGateway.class)
                .query(new FindMemberQuery(new TenantId(adaOfA.tenant), adaOfA.userId),
                        ResponseTypes.optionalInstanceOf(MemberView.class)).join());
        assertThat(own).isPresent();
    }

    @Test
    void aSessionForATenantThatDoesNotExistIsUnauthorised() {
        String ghost = cookie("00000000-0000-4000-8000-00000000dead", "user_ghost", Instant.now().plusSeconds(600));
        http.get().uri("/api/me").cookie("crosslayer_session", ghost).exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aCorrectlySignedCookieOfASessionNoSignInStartedIsUnauthorised() {
        // Issue 12 item 4: whoever holds the session key still cannot mint a session the service will honour.
        String minted = cookie(adaOfA.tenant, adaOfA.userId, Instant.now().plusSeconds(600));
        http.get().uri("/api/me").cookie("crosslayer_session", minted).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void anExpiredOrForgedSessionIsUnauthorisedAndDoesNothing() {
        // The seed's own after-effects (a card posted, a signal dispatched) may still be landing: count once still.
        long events = stillEventCount();
        String expired = cookie(adaOfA.tenant, adaOfA.userId, Instant.now().minusSeconds(1));
        http.get().uri("/api/me").cookie("crosslayer_session", expired).exchange().expectStatus().isUnauthorized();
        // B's own cookie with A's tenant pasted in: the signature no longer matches.
        String forged = bobOfB.session.replace(bobOfB.tenant, adaOfA.tenant);
        http.get().uri("/api/me").cookie("crosslayer_session", forged).exchange().expectStatus().isUnauthorized();
        assertThat(allEvents()).isEqualTo(events);
    }

    // --- helpers -------------------------------------------------------------------------------

    record Member(String tenant, String userId, String email, String session) {
    }

    private static Member member(String session, String email) {
        JsonNode me = me(http, session);
        return new Member(me.path("tenantId").asText(), me.path("userId").asText(), email, session);
    }

    private static void assertNoTenantData(WebTestClient.ResponseSpec response) {
        EntityExchangeResult<byte[]> result = response.expectBody().returnResult();
        String everything = result.getResponseHeaders().toString()
                + (result.getResponseBody() == null ? "" : new String(result.getResponseBody(), StandardCharsets.UTF_8));
        assertThat(everything).doesNotContain(adaOfA.tenant, adaOfA.email, adaOfA.userId);
    }




    /** A dashboard page as B sees it: HTML, with none of A's data; answers its text. */
    private static String page(String path, Member b) {
        EntityExchangeResult<String> result = http.get().uri(path).cookie("crosslayer_session", b.session).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult();
        assertThat(result.getResponseBody()).doesNotContain(adaOfA.tenant, adaOfA.email, adaOfA.userId);
        return result.getResponseBody();
    }

    private static void assertNotFound(WebTestClient.ResponseSpec response) {
        assertNoTenantData(response.expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    private static long tokensOf(String tenant) {
        return new JdbcTemplate(database.dataSource())
                .queryForObject("SELECT count(*) FROM integration_token WHERE tenant_id = ?", Long.class, tenant);
    }

    /** A session cookie in the documented form, signed with the service's key, of a session never started. */
    private static String cookie(String tenant, String userId, Instant expiry) {
        try {
            // A session id that no sign-in started: signed correctly, yet not a session of the service.
            String body = String.join(".", "v2", tenant,
                    Base64.getUrlEncoder().withoutPadding().encodeToString(userId.getBytes(StandardCharsets.UTF_8)),
                    Long.toString(expiry.getEpochSecond()), "bm90LWEtc2Vzc2lvbi1vZi10aGUtc2VydmljZQ");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SESSION_KEY, "HmacSHA256"));
            return body + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long liveKeysOf(String tenant, String subject) {
        return new JdbcTemplate(database.dataSource()).queryForObject("SELECT count(*) FROM personal_data_key "
                + "WHERE tenant_id = ? AND subject = ? AND destroyed_at IS NULL", Long.class, tenant, subject);
    }

    private static long eventsOf(String tenant) {
        return new JdbcTemplate(database.dataSource())
                .queryForObject("SELECT count(*) FROM domain_event_entry WHERE tenant_id = ?", Long.class, tenant);
    }

    /** The number of stored events once it has not changed for a second. */
    private static long stillEventCount() {
        long[] seen = {allEvents()};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long now = allEvents();
            boolean still = now == seen[0];
            seen[0] = now;
            return still;
        });
        return seen[0];
    }

    private static long allEvents() {
        return new JdbcTemplate(database.dataSource()).queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }
}
