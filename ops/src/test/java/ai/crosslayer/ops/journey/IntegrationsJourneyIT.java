package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.EventStoreProbe;
import ai.crosslayer.ops.testing.GitHubFake;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.SlackFake;
import ai.crosslayer.ops.testing.SlackInbound;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static ai.crosslayer.ops.testing.Integrations.callback;
import static ai.crosslayer.ops.testing.Integrations.connectGitHub;
import static ai.crosslayer.ops.testing.Integrations.connectSlack;
import static ai.crosslayer.ops.testing.Integrations.integrationIdOf;
import static ai.crosslayer.ops.testing.Integrations.signedSlackEvent;
import static ai.crosslayer.ops.testing.Integrations.startGitHubInstall;
import static ai.crosslayer.ops.testing.Integrations.startSlackInstall;
import static ai.crosslayer.ops.testing.Integrations.stateOf;
import static ai.crosslayer.ops.testing.Problems.expectProblem;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slack and GitHub connections end to end through HTTP, against local Slack and GitHub fakes that speak
 * their wire formats: install → use → revoke, the provider told afterwards, Slack telling us first, and
 * no token, ciphertext or master key anywhere it must not be. Issue #5.
 */
@ExtendWith(OutputCaptureExtension.class)
class IntegrationsJourneyIT {

    @TempDir
    static Path dataDir;

    private static TestPostgres.Database database;
    private static SlackFake slack;
    private static GitHubFake github;
    private static RunningService service;
    private static WebTestClient http;
    private static JdbcTemplate db;
    private static EventStoreProbe store;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        db = new JdbcTemplate(database.dataSource());
        store = EventStoreProbe.of(database);
        slack = new SlackFake();
        github = new GitHubFake();
        service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .slack(slack)
                .github(github)
                .set("crosslayer.provider-revocation.first-backoff", "PT0.05S")
                .start();
        http = service.http();
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        slack.close();
        github.close();
    }

    @Test
    void slackInstallAsksForExactlyTheBotScopesWithAStateAndABoundRedirect() {
        String admin = devLogin(http, "ada@scopes.test");
        UriComponents authorize = UriComponentsBuilder.fromUri(startSlackInstall(http, admin)).build();
        assertThat(authorize.getHost()).isEqualTo("slack.com");
        assertThat(authorize.getPath()).isEqualTo("/oauth/v2/authorize");
        Map<String, List<String>> query = authorize.getQueryParams();
        assertThat(query.get("client_id")).containsExactly(SlackFake.CLIENT_ID);
        assertThat(decode(query.get("scope").get(0)).split(","))
                .containsExactly("app_mentions:read", "channels:history", "chat:write", "commands", "users:read");
        assertThat(decode(query.get("redirect_uri").get(0))).isEqualTo(service.baseUrl() + "/slack/oauth/callback");
        assertThat(query.get("state").get(0)).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void aWorkspaceIsConnectedWithItsTokenSealedAndOnlyItsFingerprintRecorded() {
        String admin = devLogin(http, "ada@connect.test");
        String tenant = me(http, admin).path("tenantId").asText();
        String id = connectSlack(http, admin, slack, "code-connect", new SlackFake.Team("T0CONNECT", "Connect Co", "U0BOTC"));
        String token = slack.issuedTokens().get(slack.issuedTokens().size() - 1);

        JsonNode integration = integration(admin, id);
        assertThat(integration.path("provider").asText()).isEqualTo("SLACK");
        assertThat(integration.path("accountId").asText()).isEqualTo("T0CONNECT");
        assertThat(integration.path("accountName").asText()).isEqualTo("Connect Co");
        assertThat(integration.path("status").asText()).isEqualTo("connected");
        assertThat(integration.path("scopes")).hasSize(5);
        assertThat(integration.path("tokenFingerprint").asText()).startsWith("sha256:");
        JsonNode list = http.get().uri("/api/integrations").cookie("crosslayer_session", admin).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(list.findValuesAsText("id")).as(list.toString()).containsExactly(id);

        Map<String, Object> row = db.queryForMap("SELECT * FROM integration_token WHERE integration_id = ?", id);
        assertThat(row.get("tenant_id")).isEqualTo(tenant);
        assertThat(row.get("key_id")).asString().hasSize(16);
        byte[] sealed = (byte[]) row.get("sealed_token");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(token);
        assertThat(sealed.length).isEqualTo(token.length() + 48);

        String event = store.tenant(tenant).onlyOf(id, "SlackWorkspaceConnected").payload();
        assertThat(event).contains("\"teamId\":\"T0CONNECT\"", integration.path("tokenFingerprint").asText())
                .doesNotContain(token);
    }

    @Test
    void healthSaysWhichIntegrationsAreConfigured() {
        service.management().get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.slack.status").isEqualTo("UP")
                .jsonPath("$.components.github.status").isEqualTo("UP")
                .jsonPath("$.components.anthropic.status").isEqualTo("UNKNOWN");
    }

    @Test
    void onlyAnAdminMayConnect() {
        devLogin(http, "ada@members.test");
        String member = devLogin(http, "bob@members.test");
        expectProblem(http.get().uri("/slack/install").cookie("crosslayer_session", member).exchange(),
                HttpStatus.FORBIDDEN, "Only an admin");
        expectProblem(http.get().uri("/github/install").exchange(), HttpStatus.UNAUTHORIZED, "Sign in first");
    }

    @Test
    void aReplayedCallbackAndACallbackOfAnotherSessionAreRefusedAndStoreNothing() {
        String admin = devLogin(http, "ada@replay.test");
        String tenant = me(http, admin).path("tenantId").asText();
        // The same admin signed in again (another session: cookies differ once a second has passed), and
        // an admin of another tenant.
        String otherSession = admin;
        while (otherSession.equals(admin)) {
            otherSession = devLogin(http, "ada@replay.test");
        }
        String stranger = devLogin(http, "eve@elsewhere.test");
        String state = stateOf(startSlackInstall(http, admin));
        slack.willInstall("code-replay", new SlackFake.Team("T0REPLAY", "Replay Co", "U0BOTR"));
        integrationIdOf(callback(http, "slack", admin, "code-replay", state));
        long events = eventsOf(tenant);
        int exchanges = calls("oauth.v2.access");

        expectProblem(callback(http, "slack", admin, "code-replay", state), HttpStatus.BAD_REQUEST, "already used");

        String fresh = stateOf(startSlackInstall(http, admin));
        slack.willInstall("code-fresh", new SlackFake.Team("T0REPLAY", "Replay Co", "U0BOTR"));
        expectProblem(callback(http, "slack", otherSession, "code-fresh", fresh), HttpStatus.BAD_REQUEST, "another session");
        expectProblem(callback(http, "slack", stranger, "code-fresh", fresh), HttpStatus.BAD_REQUEST, "another session");
        expectProblem(callback(http, "slack", admin, "code-fresh", "made-up-state"), HttpStatus.BAD_REQUEST, "Start again");

        assertThat(calls("oauth.v2.access")).as("no code was exchanged for a refused callback").isEqualTo(exchanges);
        assertThat(eventsOf(tenant)).as("nothing was recorded").isEqualTo(events);
    }

    @Test
    void oneWorkspaceBelongsToOneTenantAndAReinstallReplacesTheToken() {
        String ada = devLogin(http, "ada@first-owner.test");
        SlackFake.Team team = new SlackFake.Team("T0SHARED", "Shared Co", "U0BOTS");
        String id = connectSlack(http, ada, slack, "code-first", team);
        String firstFingerprint = integration(ada, id).path("tokenFingerprint").asText();

        String eve = devLogin(http, "eve@second-owner.test");
        String state = stateOf(startSlackInstall(http, eve));
        slack.willInstall("code-second", team);
        expectProblem(callback(http, "slack", eve, "code-second", state), HttpStatus.CONFLICT,
                "already connected to another CrossLayer account");
        assertThat(http.get().uri("/api/integrations").cookie("crosslayer_session", eve).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()).isEmpty();

        String again = connectSlack(http, ada, slack, "code-again", team);
        assertThat(again).isEqualTo(id);
        JsonNode reinstalled = integration(ada, id);
        assertThat(reinstalled.path("tokenFingerprint").asText()).isNotEqualTo(firstFingerprint);
        assertThat(db.queryForObject("SELECT count(*) FROM integration_token WHERE account_id = 'T0SHARED'", Long.class))
                .isEqualTo(1);
    }

    @Test
    void disconnectingDeletesTheTokenBeforeAnsweringThenSlackRevokesIt() {
        String admin = devLogin(http, "ada@disconnect.test");
        String id = connectSlack(http, admin, slack, "code-disconnect", new SlackFake.Team("T0DISC", "Disc Co", "U0BOTD"));
        String token = slack.issuedTokens().get(slack.issuedTokens().size() - 1);

        http.delete().uri("/api/integrations/" + id).cookie("crosslayer_session", admin).exchange()
                .expectStatus().isNoContent();
        assertThat(db.queryForObject("SELECT count(*) FROM integration_token WHERE integration_id = ?", Long.class, id))
                .as("the token is gone when the response arrives").isZero();
        assertThat(eventTypes(id)).contains("IntegrationRevoked");

        await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(integration(admin, id).path("providerRevocation").asText()));
        assertThat(slack.revokedTokens()).contains(token);
        JsonNode revoked = integration(admin, id);
        assertThat(revoked.path("status").asText()).isEqualTo("revoked");
        assertThat(revoked.path("revocationReason").asText()).isEqualTo("DISCONNECTED_BY_ADMIN");
        assertThat(eventTypes(id)).containsExactly("SlackWorkspaceConnected", "IntegrationRevoked", "ProviderRevocationSucceeded");
        String adminId = me(http, admin).path("userId").asText();
        assertThat(metadataOf(id, "IntegrationRevoked")).contains("\"actor\":\"" + adminId + "\"", "\"source\":\"dashboard\"");
        assertThat(metadataOf(id, "ProviderRevocationSucceeded")).contains("\"actor\":\"system\"", "\"source\":\"slack\"");

        http.delete().uri("/api/integrations/" + id).cookie("crosslayer_session", admin).exchange()
                .expectStatus().isNoContent();
        assertThat(eventTypes(id)).as("a second disconnect changes nothing").hasSize(3);
        expectProblem(http.delete().uri("/api/integrations/not-an-id").cookie("crosslayer_session", admin).exchange(),
                HttpStatus.NOT_FOUND, "No integration");
    }

    @Test
    void revokingDeletesTheTokenInTheSameTransactionAsItsEventSoOneFailingUndoesBoth() {
        String admin = devLogin(http, "ada@atomic.test");
        String id = connectSlack(http, admin, slack, "code-atomic", new SlackFake.Team("T0ATOMIC", "Atomic Co", "U0BOTA"));
        // The event store refuses this integration's IntegrationRevoked, as a full disk or a lost connection would.
        db.execute("""
                CREATE FUNCTION refuse_revocation() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.payload_type LIKE '%%.IntegrationRevoked' AND NEW.aggregate_identifier = '%s' THEN
                        RAISE EXCEPTION 'the event store is unavailable';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(id));
        db.execute("CREATE TRIGGER refuse_revocation BEFORE INSERT ON domain_event_entry "
                + "FOR EACH ROW EXECUTE FUNCTION refuse_revocation()");
        try {
            http.delete().uri("/api/integrations/" + id).cookie("crosslayer_session", admin).exchange()
                    .expectStatus().is5xxServerError();
            assertThat(db.queryForObject("SELECT count(*) FROM integration_token WHERE integration_id = ?", Long.class, id))
                    .as("the event failed, so the token is still there").isOne();
            assertThat(eventTypes(id)).containsExactly("SlackWorkspaceConnected");
        } finally {
            db.execute("DROP TRIGGER refuse_revocation ON domain_event_entry");
            db.execute("DROP FUNCTION refuse_revocation()");
        }
        http.delete().uri("/api/integrations/" + id).cookie("crosslayer_session", admin).exchange()
                .expectStatus().isNoContent();
        assertThat(db.queryForObject("SELECT count(*) FROM integration_token WHERE integration_id = ?", Long.class, id)).isZero();
    }

    @Test
    void aFailingProviderRevocationIsRetriedAndTheTokenIsDeletedLocallyAnyway() {
        String admin = devLogin(http, "ada@flaky.test");
        String id = connectSlack(http, admin, slack, "code-flaky", new SlackFake.Team("T0FLAKY", "Flaky Co", "U0BOTF"));
        slack.failRevokes(2);
        http.delete().uri("/api/integrations/" + id).cookie("crosslayer_session", admin).exchange()
                .expectStatus().isNoContent();
        assertThat(db.queryForObject("SELECT count(*) FROM integration_token WHERE integration_id = ?", Long.class, id)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> eventTypes(id).contains("ProviderRevocationSucceeded"));
        assertThat(payloadOf(id, "ProviderRevocationSucceeded")).contains("\"attempts\":3");

        String gitHubAdmin = devLogin(http, "ada@github-down.test");
        String gh = connectGitHub(http, gitHubAdmin, github, "gh-down", new GitHubFake.User(4001, "ada-down", List.of()));
        github.failDeletes(-1);
        try {
            http.delete().uri("/api/integrations/" + gh).cookie("crosslayer_session", gitHubAdmin).exchange()
                    .expectStatus().isNoContent();
            assertThat(db.queryForObject("SELECT count(*) FROM integration_token WHERE integration_id = ?", Long.class, gh)).isZero();
            await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(integration(gitHubAdmin, gh).path("providerRevocation").asText()));
            assertThat(payloadOf(gh, "ProviderRevocationFailed")).contains("\"attempts\":5", "HTTP 500");
            assertThat(integration(gitHubAdmin, gh).path("providerRevocationFailure").asText()).contains("HTTP 500");
        } finally {
            github.failDeletes(0);
        }
    }

    @Test
    void twoConcurrentDisconnectsRevokeOnce() throws Exception {
        String admin = devLogin(http, "ada@race.test");
        String id = connectSlack(http, admin, slack, "code-race", new SlackFake.Team("T0RACE", "Race Co", "U0BOTRACE"));
        int revokesBefore = calls("auth.revoke");
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<HttpStatus>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return HttpStatus.valueOf(http.delete().uri("/api/integrations/" + id).cookie("crosslayer_session", admin)
                        .exchange().returnResult(Void.class).getStatus().value());
            }));
        }
        go.countDown();
        for (CompletableFuture<HttpStatus> answer : answers) {
            assertThat(answer.get()).isEqualTo(HttpStatus.NO_CONTENT);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> eventTypes(id).contains("ProviderRevocationSucceeded"));
        assertThat(eventTypes(id)).containsExactly("SlackWorkspaceConnected", "IntegrationRevoked", "ProviderRevocationSucceeded");
        assertThat(calls("auth.revoke") - revokesBefore).isEqualTo(1);
    }

    @Test
    void slackSayingTheAppWasUninstalledOrItsTokenRevokedDeletesTheTokenOnceInEitherOrder() {
        String admin = devLogin(http, "ada@uninstall.test");
        String tenant = me(http, admin).path("tenantId").asText();
        String id = connectSlack(http, admin, slack, "code-uninstall", new SlackFake.Team("T0UNINST", "Uninstall Co", "U0BOTU"));
        int revokesBefore = calls("auth.revoke");
        SlackInbound.Callback revoked = SlackInbound.tokensRevoked("T0UNINST", "Ev0REVOKED", "U0BOTU");
        SlackInbound.Callback uninstalled = SlackInbound.appUninstalled("T0UNINST", "Ev0UNINST");

        SlackInbound.send(http, revoked).expectStatus().isOk();
        assertThat(db.queryForObject("SELECT count(*) FROM integration_token WHERE integration_id = ?", Long.class, id)).isZero();
        SlackInbound.send(http, uninstalled).expectStatus().isOk();
        SlackInbound.send(http, revoked).expectStatus().isOk();

        assertThat(eventTypes(id)).containsExactly("SlackWorkspaceConnected", "IntegrationRevoked");
        assertThat(payloadOf(id, "IntegrationRevoked")).contains("\"reason\":\"TOKENS_REVOKED\"", "\"revokedBy\":\"slack\"");
        assertThat(metadataOf(id, "IntegrationRevoked")).contains("\"source\":\"slack\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> "not-needed".equals(integration(admin, id).path("providerRevocation").asText()));
        assertThat(calls("auth.revoke")).as("Slack already revoked it: nothing to ask").isEqualTo(revokesBefore);

        // A team no tenant holds: 200, nothing done. A bad signature: 401, nothing done. Counted once the tenant's
        // stream is still: a revocation Slack made raises an integration-health signal (SignalTriggers, a tracking
        // processor of its own), whose SignalRaised may be appended after the integration catalog shows "not-needed".
        await().atMost(Duration.ofSeconds(10)).until(() -> store.tenant(tenant).ofType("SignalRaised", id).size() == 1);
        long[] seen = {-1};
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long count = eventsOf(tenant);
            boolean still = count == seen[0];
            seen[0] = count;
            return still;
        });
        long events = seen[0];
        long now = Instant.now().getEpochSecond();
        SlackInbound.send(http, SlackInbound.appUninstalled("T0NOBODY", "Ev0UNINST")).expectStatus().isOk();
        expectProblem(signedSlackEvent(http, "not-the-secret", now, uninstalled.json()), HttpStatus.UNAUTHORIZED, "does not verify");
        expectProblem(signedSlackEvent(http, SlackFake.SIGNING_SECRET, now - 600, uninstalled.json()), HttpStatus.UNAUTHORIZED,
                "5 minutes");
        assertThat(eventsOf(tenant)).isEqualTo(events);
    }

    @Test
    void slacksUrlVerificationHandshakeIsAnswered() {
        SlackInbound.sendEvent(http, SlackInbound.urlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.challenge").isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    }

    @Test
    void gitHubRepositoriesArePickedAndOnlyConnectedOnesCanBeRead() {
        String admin = devLogin(http, "ada@repos.test");
        GitHubFake.User user = new GitHubFake.User(5001, "ada-repos", List.of("acme/runbooks", "acme/secret-plans"));
        github.file("acme/runbooks", "deploy.md", "# Deploying\n1. Merge to main.\n2. Watch the canary.\n");
        github.file("acme/secret-plans", "plan.md", "not for CrossLayer");
        String id = connectGitHub(http, admin, github, "gh-repos", user);
        JsonNode integration = integration(admin, id);
        assertThat(integration.path("provider").asText()).isEqualTo("GITHUB");
        assertThat(integration.path("accountName").asText()).isEqualTo("ada-repos");

        JsonNode choices = http.get().uri("/api/integrations/" + id + "/repositories").cookie("crosslayer_session", admin)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(choices).hasSize(2);
        assertThat(choices.findValuesAsText("fullName")).containsExactlyInAnyOrder("acme/runbooks", "acme/secret-plans");
        choices.forEach(choice -> assertThat(choice.path("connected").asBoolean()).isFalse());

        http.put().uri("/api/integrations/" + id + "/repositories").cookie("crosslayer_session", admin)
                .bodyValue(Map.of("repositories", List.of("acme/runbooks"))).exchange().expectStatus().isNoContent();
        expectProblem(http.put().uri("/api/integrations/" + id + "/repositories").cookie("crosslayer_session", admin)
                .bodyValue(Map.of("repositories", List.of("someone/else"))).exchange(), HttpStatus.BAD_REQUEST, "someone/else");
        assertThat(eventTypes(id)).containsExactly("GitHubAccountConnected", "GitHubRepositoryConnected");
        await().atMost(Duration.ofSeconds(5)).until(() -> integration(admin, id).path("repositories").size() == 1);

        assertThat(http.get().uri("/api/integrations/" + id + "/repositories/acme/runbooks/file?path=deploy.md")
                .cookie("crosslayer_session", admin).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).contains("Watch the canary");
        int reads = github.fileReads().size();
        expectProblem(http.get().uri("/api/integrations/" + id + "/repositories/acme/secret-plans/file?path=plan.md")
                .cookie("crosslayer_session", admin).exchange(), HttpStatus.FORBIDDEN, "not connected");
        assertThat(github.fileReads()).as("GitHub was not asked for a repository that is not connected").hasSize(reads);

        String token = github.issuedTokens().get(github.issuedTokens().size() - 1);
        http.delete().uri("/api/integrations/" + id).cookie("crosslayer_session", admin).exchange().expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(10)).until(() -> github.deletedTokens().contains(token));
        expectProblem(http.get().uri("/api/integrations/" + id + "/repositories/acme/runbooks/file?path=deploy.md")
                .cookie("crosslayer_session", admin).exchange(), HttpStatus.NOT_FOUND, "No integration");
    }

    /**
     * Issue 12, item 1: a path names a file of the connected repository and nothing else. A path that could
     * leave it, or add a query or fragment to GitHub's URL, is 400 before GitHub hears anything; a path that
     * stays inside is asked for with each segment percent-encoded.
     */
    @Test
    void aFilePathCannotLeaveTheConnectedRepositoryNorAddToGitHubsUrl() {
        String admin = devLogin(http, "ada@paths.test");
        GitHubFake.User user = new GitHubFake.User(5002, "ada-paths", List.of("acme/handbook", "acme/other-repo"));
        github.file("acme/handbook", "docs/on call [v2].md", "# On call\n1. Answer the page.\n");
        github.file("acme/other-repo", "x", "not connected");
        String id = connectGitHub(http, admin, github, "gh-paths", user);
        http.put().uri("/api/integrations/" + id + "/repositories").cookie("crosslayer_session", admin)
                .bodyValue(Map.of("repositories", List.of("acme/handbook"))).exchange().expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(5)).until(() -> integration(admin, id).path("repositories").size() == 1);

        List<String> attacks = List.of("../../other-repo/contents/x", "docs/../../../other-repo/contents/x",
                "%2e%2e/%2e%2e/other-repo/contents/x", "%252e%252e/%252e%252e/other-repo/contents/x", "..%2f..%2fother-repo",
                "README.md?ref=branch", "README.md#top", "/etc/passwd", "docs\\..\\..\\x", "./README.md", "docs//x", "docs/",
                "a\u0000b", "line\nbreak", "100%", "d/".repeat(512) + "x");
        int asked = github.requests().size();
        for (String attack : attacks) {
            expectProblem(http.get().uri("/api/integrations/" + id + "/repositories/acme/handbook/file?path={path}", attack)
                    .cookie("crosslayer_session", admin).exchange(), HttpStatus.BAD_REQUEST, "path");
        }
        expectProblem(http.get().uri(URI.create(service.baseUrl() + "/api/integrations/" + id
                        + "/repositories/acme/..%2F..%2Fother-repo/file?path=x"))
                .cookie("crosslayer_session", admin).exchange(), HttpStatus.BAD_REQUEST, "encoded '/'");
        expectProblem(http.get().uri(URI.create(service.baseUrl() + "/api/integrations/" + id + "/repositories/acme/../file?path=x"))
                .cookie("crosslayer_session", admin).exchange(), HttpStatus.BAD_REQUEST, "owner/name");
        assertThat(github.requests()).as("GitHub heard nothing of any of them").hasSize(asked);

        assertThat(http.get().uri("/api/integrations/" + id + "/repositories/acme/handbook/file?path={path}", "docs/on call [v2].md")
                .cookie("crosslayer_session", admin).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).contains("Answer the page");
        assertThat(github.requests().get(github.requests().size() - 1))
                .isEqualTo("/repos/acme/handbook/contents/docs/on%20call%20%5Bv2%5D.md");
    }

    /**
     * The whole cycle — connect, use, fail, revoke, Slack's own revocation — and then a search of every
     * event, every log line and every problem body for any token, any sealed token and the master key.
     */
    @Test
    void noTokenCiphertextOrMasterKeyAppearsInEventsLogsOrProblems(CapturedOutput output) throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> ciphertexts = new ArrayList<>();
        String admin = devLogin(http, "ada@leaks.test");

        String slackId = connectSlack(http, admin, slack, "code-leaks", new SlackFake.Team("T0LEAKS", "Leaks Co", "U0BOTL"));
        String ghId = connectGitHub(http, admin, github, "gh-leaks", new GitHubFake.User(6001, "ada-leaks", List.of("leaks/docs")));
        github.file("leaks/docs", "a.md", "hello");
        ciphertexts.addAll(db.queryForList("SELECT sealed_token FROM integration_token", byte[].class).stream()
                .map(bytes -> new String(bytes, StandardCharsets.ISO_8859_1)).toList());
        http.put().uri("/api/integrations/" + ghId + "/repositories").cookie("crosslayer_session", admin)
                .bodyValue(Map.of("repositories", List.of("leaks/docs"))).exchange().expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(5)).until(() -> integration(admin, ghId).path("repositories").size() == 1);
        http.get().uri("/api/integrations/" + ghId + "/repositories/leaks/docs/file?path=a.md")
                .cookie("crosslayer_session", admin).exchange().expectStatus().isOk();

        // Failures along the way: a used code, a provider that refuses, a revoke that fails.
        String state = stateOf(startGitHubInstall(http, admin));
        problems.add(expectProblem(callback(http, "github", admin, "gh-leaks", state), HttpStatus.BAD_GATEWAY,
                "bad_verification_code"));
        problems.add(expectProblem(http.get().uri("/api/integrations/" + ghId + "/repositories/leaks/docs/file?path=missing.md")
                .cookie("crosslayer_session", admin).exchange(), HttpStatus.NOT_FOUND, "no file"));
        slack.failRevokes(1);
        http.delete().uri("/api/integrations/" + slackId).cookie("crosslayer_session", admin).exchange().expectStatus().isNoContent();
        http.delete().uri("/api/integrations/" + ghId).cookie("crosslayer_session", admin).exchange().expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(10)).until(() -> eventTypes(slackId).contains("ProviderRevocationSucceeded")
                && eventTypes(ghId).contains("ProviderRevocationSucceeded"));

        List<String> secrets = new ArrayList<>();
        secrets.addAll(slack.issuedTokens());
        secrets.addAll(github.issuedTokens());
        String masterKey = Files.readString(dataDir.resolve("keys/master.key")).trim();
        secrets.add(masterKey);
        secrets.add(HexFormat.of().formatHex(Base64.getDecoder().decode(masterKey)));
        for (String ciphertext : ciphertexts) {
            byte[] bytes = ciphertext.getBytes(StandardCharsets.ISO_8859_1);
            secrets.add(Base64.getEncoder().encodeToString(bytes));
            secrets.add(HexFormat.of().formatHex(bytes));
        }
        assertThat(secrets).hasSizeGreaterThan(6);

        List<String> stored = store.everyTenant().all().stream().map(event -> event.payload() + event.metaData()).toList();
        assertThat(stored).isNotEmpty();
        for (String secret : secrets) {
            assertThat(String.join("\n", stored)).as("events").doesNotContain(secret);
            assertThat(output.getAll()).as("log lines").doesNotContain(secret);
            assertThat(String.join("\n", problems)).as("problem details").doesNotContain(secret);
        }
        for (String ciphertext : ciphertexts) {
            assertThat(String.join("\n", stored)).as("events hold no raw ciphertext").doesNotContain(ciphertext);
        }
    }

    private static JsonNode integration(String session, String id) {
        return http.get().uri("/api/integrations/" + id).cookie("crosslayer_session", session).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<String> eventTypes(String aggregate) {
        return store.everyTenant().typesOf(aggregate);
    }

    private static String payloadOf(String aggregate, String type) {
        return store.everyTenant().onlyOf(aggregate, type).payload();
    }

    private static String metadataOf(String aggregate, String type) {
        return store.everyTenant().onlyOf(aggregate, type).metaData();
    }

    private static long eventsOf(String tenant) {
        return store.tenant(tenant).count();
    }

    private static int calls(String method) {
        return (int) slack.calls().stream().filter(method::equals).count();
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
