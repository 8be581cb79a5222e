package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.EventStoreProbe;
import ai.crosslayer.ops.testing.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import static ai.crosslayer.ops.testing.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any profile but local is production-strict: plain HTTP is redirected to HTTPS (believing
 * {@code X-Forwarded-Proto} only from a trusted proxy, here loopback), dev sign-in is refused, and
 * WorkOS without settings is reported, not faked. Issue #2.
 */
class ProductionProfileIT {

    @TempDir
    static Path dataDir;

    private static TestPostgres.Database database;
    private static RunningService service;
    private static WebTestClient http;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        service = RunningService.withProfile("production")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .set("CROSSLAYER_PUBLIC_URL", "https://crosslayer.test")
                .set("CROSSLAYER_SESSION_KEY", Base64.getEncoder().encodeToString(key))
                .set("CROSSLAYER_AUDIT_SIGNING_KEY", Base64.getEncoder().encodeToString(key))
                .set("CROSSLAYER_MASTER_KEY", Base64.getEncoder().encodeToString(key))
                .set("CROSSLAYER_TRUSTED_PROXIES", "127.0.0.1/32,::1")
                .start();
        http = service.http();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void plainHttpIsRedirectedToHttpsOnThePublicUrlsHost() {
        http.get().uri("/api/me?x=1").exchange()
                .expectStatus().isEqualTo(HttpStatus.PERMANENT_REDIRECT)
                .expectHeader().location("https://crosslayer.test/api/me?x=1")
                .expectHeader().valueEquals("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }

    @Test
    void aTrustedProxySayingHttpsIsBelieved() {
        expectProblem(http.get().uri("/api/me").header("X-Forwarded-Proto", "https").exchange(),
                HttpStatus.UNAUTHORIZED, "Sign in");
    }

    @Test
    void theRedirectNeverEchoesTheRequestsHost() {
        // Issue 12 item 6: a Host of the caller's choosing turned the redirect into an open redirect.
        http.get().uri("/api/me").header("Host", "evil.example").exchange()
                .expectStatus().isEqualTo(HttpStatus.PERMANENT_REDIRECT)
                .expectHeader().location("https://crosslayer.test/api/me");
    }

    @Test
    void operatorsReadMetricsOverPlainHttpOnTheLoopbackManagementPort() {
        // Issue 12 item 5: the management port is not public, so it is not redirected to HTTPS either.
        service.management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        http.get().uri("/actuator/prometheus").header("X-Forwarded-Proto", "https").exchange().expectStatus().isNotFound();
    }

    @Test
    void livenessAndReadinessProbesAreAnsweredOverPlainHttp() {
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void devSignInIsRefusedOutsideTheLocalProfileAndNothingIsRecorded() {
        expectProblem(http.post().uri("/auth/dev-login").header("X-Forwarded-Proto", "https")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("email", "ada@example.com")).exchange(),
                HttpStatus.FORBIDDEN, "local profile");
        assertThat(EventStoreProbe.of(database).everyTenant().count()).isZero();
    }

    @Test
    void workosSignInWithoutSettingsIsReportedAsNotConfigured() {
        expectProblem(http.get().uri("/auth/login").header("X-Forwarded-Proto", "https").exchange(),
                HttpStatus.SERVICE_UNAVAILABLE, "CROSSLAYER_WORKOS_API_KEY");
    }
}
