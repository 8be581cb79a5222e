package ai.crosslayer.ops.journey;

import ai.crosslayer.command.tenant.app.MemberSessions;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.skill.RecordExtractedSkillCommand;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillId;
import ai.crosslayer.kernel.skill.SkillSource;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.GitHubFake;
import ai.crosslayer.ops.testing.RunningService;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static ai.crosslayer.ops.testing.Integrations.connectGitHub;
import static ai.crosslayer.ops.testing.Problems.expectProblem;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The public edge as a hostile caller meets it (issue 12): sign-out that signs out (item 4), operators'
 * endpoints off the public port (item 5), and the headers every response carries (item 6).
 */
class PublicEdgeIT {

    @TempDir
    static Path dataDir;

    private static TestPostgres.Database database;
    private static GitHubFake github;
    private static RunningService service;
    private static WebTestClient http;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        github = new GitHubFake();
        service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .github(github)
                .start();
        http = service.http();
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        github.close();
    }

    // --- item 4: sign-out signs out ---------------------------------------------------------------

    @Test
    void aCookieStopsWorkingTheMomentItsSessionSignsOut() {
        String session = devLogin(http, "leaving@signout.test");
        me(http, session);
        ResponseCookie cleared = http.post().uri("/auth/logout").cookie("crosslayer_session", session).exchange()
                .expectStatus().isNoContent()
                .returnResult(Void.class).getResponseCookies().getFirst("crosslayer_session");
        assertThat(cleared.getValue()).isEmpty();
        assertThat(cleared.getMaxAge()).isZero();
        // Someone who kept a copy of the cookie (12 hours of validity left) gets nothing.
        expectProblem(http.get().uri("/api/me").cookie("crosslayer_session", session).exchange(),
                HttpStatus.UNAUTHORIZED, "Sign in");
    }

    @Test
    void twoSignInsInTheSameSecondAreTwoSessionsEndedOneByOne() {
        String first = devLogin(http, "twice@samesecond.test");
        String second = devLogin(http, "twice@samesecond.test");
        assertThat(first).isNotEqualTo(second);
        http.post().uri("/auth/logout").cookie("crosslayer_session", first).exchange().expectStatus().isNoContent();
        http.get().uri("/api/me").cookie("crosslayer_session", first).exchange().expectStatus().isUnauthorized();
        me(http, second);
    }

    @Test
    void signingOutEverywhereEndsEverySessionOfTheMemberAndNoOneElses() {
        String laptop = devLogin(http, "ada@everywhere.test");
        String phone = devLogin(http, "ada@everywhere.test");
        String colleague = devLogin(http, "bob@everywhere.test");
        String ada = me(http, laptop).path("userId").asText();
        http.post().uri("/auth/logout-everywhere").cookie("crosslayer_session", phone).exchange()
                .expectStatus().isNoContent()
                .expectHeader().value(HttpHeaders.SET_COOKIE, cookie -> assertThat(cookie).contains("Max-Age=0"));
        http.get().uri("/api/me").cookie("crosslayer_session", laptop).exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/me").cookie("crosslayer_session", phone).exchange().expectStatus().isUnauthorized();
        me(http, colleague);
        assertThat(sessionsOf(ada)).isZero();
    }

    @Test
    void signingOutEverywhereNeedsASession() {
        expectProblem(http.post().uri("/auth/logout-everywhere").exchange(), HttpStatus.UNAUTHORIZED, "Sign in first");
    }

    @Test
    void removingAMemberEndsTheirSessionsAtOnce() {
        String session = devLogin(http, "removed@removal.test");
        JsonNode who = me(http, session);
        // The port the dashboard's member removal calls.
        int ended = service.bean(MemberSessions.class).endAllOf(new TenantId(who.path("tenantId").asText()),
                who.path("userId").asText());
        assertThat(ended).isOne();
        http.get().uri("/api/me").cookie("crosslayer_session", session).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aFormOfAnotherSiteCannotSignAnyoneOut() {
        String session = devLogin(http, "target@csrf.test");
        for (WebTestClient.RequestBodySpec crossSite : List.of(
                http.post().uri("/auth/logout").header("Origin", "https://evil.example"),
                http.post().uri("/auth/logout").header("Sec-Fetch-Site", "cross-site"),
                http.post().uri("/auth/logout-everywhere").header("Origin", "https://evil.example")
                        .header("Sec-Fetch-Site", "cross-site"))) {
            expectProblem(crossSite.cookie("crosslayer_session", session).exchange(), HttpStatus.FORBIDDEN, "another site");
        }
        me(http, session);
        // The same form from CrossLayer's own page does sign out.
        http.post().uri("/auth/logout").header("Origin", service.baseUrl()).header("Sec-Fetch-Site", "same-origin")
                .cookie("crosslayer_session", session).exchange().expectStatus().isNoContent();
        http.get().uri("/api/me").cookie("crosslayer_session", session).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void onlyTheSessionIdsHashIsStored() {
        String session = devLogin(http, "hashed@hashes.test");
        String sessionId = session.split("\\.")[4];
        List<String> stored = new JdbcTemplate(database.dataSource())
                .queryForList("SELECT session_hash FROM member_session", String.class);
        assertThat(stored).isNotEmpty().noneMatch(hash -> hash.contains(sessionId));
    }

    // --- item 5: operators' endpoints are not public -------------------------------------------------

    @Test
    void metricsAndHealthDetailsAreNotOnThePublicPort() {
        for (String path : List.of("/actuator", "/actuator/prometheus", "/actuator/health", "/actuator/health/db",
                "/actuator/metrics", "/actuator/env")) {
            http.get().uri(path).exchange().expectStatus().isNotFound();
        }
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().json("{\"status\":\"UP\"}", true);
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().json("{\"status\":\"UP\"}", true);
    }

    @Test
    void operatorsReadActuatorOnTheManagementPort() {
        assertThat(service.managementPort()).isNotEqualTo(service.port());
        service.management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("crosslayer_slack_events_total"));
        service.management().get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.db.status").isEqualTo("UP");
    }

    @Test
    void theManagementPortListensOnLoopbackOnly() throws IOException {
        Optional<InetAddress> outward = nonLoopbackAddress();
        org.junit.jupiter.api.Assumptions.assumeTrue(outward.isPresent(), "this machine has no non-loopback IPv4 address");
        try (Socket publicPort = new Socket()) {
            publicPort.connect(new InetSocketAddress(outward.get(), service.port()), 2000);
        }
        assertThatThrownBy(() -> {
            try (Socket management = new Socket()) {
                management.connect(new InetSocketAddress(outward.get(), service.managementPort()), 2000);
            }
        }).isInstanceOf(IOException.class);
    }

    // --- item 6: headers ----------------------------------------------------------------------------

    @Test
    void everyResponseForbidsSniffingAndApiResponsesAreNotCached() {
        http.get().uri("/api/me").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store");
        http.get().uri("/actuator/health/liveness").exchange()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
        // An error answered by the framework, not by a route of ours (no HTML is served yet: its strict
        // policy is ResponseHeadersFilterTest's).
        http.get().uri("/no/such/page").accept(MediaType.TEXT_HTML).exchange().expectStatus().isNotFound()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox");
        String session = devLogin(http, "headers@headers.test");
        http.get().uri("/api/me").cookie("crosslayer_session", session).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    @Test
    void skillFilesRepositoryFilesAndExportsAreDownloadsOfASafeType() {
        String admin = devLogin(http, "ada@downloads.test");
        JsonNode who = me(http, admin);
        TenantId tenant = new TenantId(who.path("tenantId").asText());
        SkillId skill = SkillId.fromSlackEvent(tenant.value(), "Ev0DOWNLOAD");
        TenantScope.run(tenant, () -> service.bean(CommandGateway.class).sendAndWait(new RecordExtractedSkillCommand(tenant,
                skill, new SkillContent("html-in-a-skill", "<script>alert(1)</script>", null,
                List.of("<img src=x onerror=alert(1)>"), List.of("x")),
                new SkillSource("T0DL", "C0DL", "1764400000.000100", "1764400000.000100", null, "0".repeat(64)),
                "claude-test", "skill-extraction/1", Instant.now())));
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get().uri("/api/skills/" + skill.value())
                .cookie("crosslayer_session", admin).exchange().returnResult(Void.class).getStatus().value() == 200);
        http.get().uri("/api/skills/" + skill.value() + "/skill.md").cookie("crosslayer_session", admin).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/markdown"))
                .expectHeader().value(HttpHeaders.CONTENT_DISPOSITION, value -> assertThat(value).startsWith("attachment"))
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");

        github.file("acme/site", "pages/index.html", "<html><script>alert(document.cookie)</script></html>");
        String gitHub = connectGitHub(http, admin, github, "gh-downloads",
                new GitHubFake.User(7101, "ada-downloads", List.of("acme/site")));
        http.put().uri("/api/integrations/" + gitHub + "/repositories").cookie("crosslayer_session", admin)
                .bodyValue(Map.of("repositories", List.of("acme/site"))).exchange().expectStatus().isNoContent();
        // Which repositories are connected is read from the integration catalog, which trails the command a moment.
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get()
                .uri("/api/integrations/" + gitHub + "/repositories/acme/site/file?path=pages/index.html")
                .cookie("crosslayer_session", admin).exchange().returnResult(Void.class).getStatus().value() == 200);
        http.get().uri("/api/integrations/" + gitHub + "/repositories/acme/site/file?path=pages/index.html")
                .cookie("crosslayer_session", admin).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("text/plain;charset=UTF-8")
                .expectHeader().value(HttpHeaders.CONTENT_DISPOSITION, value -> assertThat(value)
                        .startsWith("attachment").contains("index.html"))
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");

        for (String format : List.of("ndjson", "csv")) {
            http.get().uri("/api/audit/export?format=" + format).cookie("crosslayer_session", admin).exchange()
                    .expectStatus().isOk()
                    .expectHeader().value(HttpHeaders.CONTENT_DISPOSITION, value -> assertThat(value).startsWith("attachment"))
                    .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }

    // --- helpers ----------------------------------------------------------------------------------

    private static long sessionsOf(String userId) {
        return new JdbcTemplate(database.dataSource()).queryForObject(
                "SELECT count(*) FROM member_session WHERE user_id = ?", Long.class, userId);
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
