package ai.crosslayer.ops.journey;

import static ai.crosslayer.ops.testing.Problems.expectProblem;
import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static ai.crosslayer.ops.testing.SignIns.sessionOf;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.EventStoreProbe;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.ops.testing.WorkOsFake;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in, end to end through HTTP: the local dev sign-in and the real WorkOS callback path (against
 * a local WorkOS), both ending in {@code GET /api/me}; and every bad input refused with problem details
 * and nothing recorded. Issue #2.
 */
class SignInJourneyIT {

    @TempDir
    static Path dataDir;

    private static TestPostgres.Database database;
    private static EventStoreProbe store;
    private static WorkOsFake workos;
    private static RunningService service;
    private static WebTestClient http;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        store = EventStoreProbe.of(database);
        workos = new WorkOsFake();
        service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .set("CROSSLAYER_WORKOS_API_KEY", WorkOsFake.API_KEY)
                .set("CROSSLAYER_WORKOS_CLIENT_ID", WorkOsFake.CLIENT_ID)
                .set("CROSSLAYER_WORKOS_API_URL", workos.url())
                .start();
        http = service.http();
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        workos.close();
    }

    @Test
    void devSignInFoundsATenantByEmailDomainAndColleaguesJoinIt() {
        JsonNode ada = me(http, devLogin(http, "ada@lovelace-labs.test"));
        assertThat(ada.path("tenantName").asText()).isEqualTo("lovelace-labs.test");
        assertThat(ada.path("email").asText()).isEqualTo("ada@lovelace-labs.test");
        assertThat(ada.path("role").asText()).isEqualTo("ADMIN");

        JsonNode charles = me(http, devLogin(http, "Charles@Lovelace-Labs.test"));
        assertThat(charles.path("tenantId").asText()).isEqualTo(ada.path("tenantId").asText());
        assertThat(charles.path("role").asText()).isEqualTo("MEMBER");
    }

    @Test
    void peopleOnAPublicMailDomainAreStrangersWithATenantEach() {
        JsonNode one = me(http, devLogin(http, "one.person@gmail.com"));
        JsonNode other = me(http, devLogin(http, "another.person@gmail.com"));
        assertThat(one.path("tenantId").asText()).isNotEqualTo(other.path("tenantId").asText());
        assertThat(other.path("role").asText()).isEqualTo("ADMIN");
    }

    @Test
    void signingInAgainLandsInTheSameTenant() {
        JsonNode first = me(http, devLogin(http, "grace@hopper-systems.test"));
        JsonNode again = me(http, devLogin(http, "grace@hopper-systems.test"));
        assertThat(again.path("tenantId").asText()).isEqualTo(first.path("tenantId").asText());
        assertThat(again.path("role").asText()).isEqualTo("ADMIN");
    }

    @Test
    void simultaneousFirstSignInsOfOneDomainFoundOneTenant() {
        List<JsonNode> members = IntStream.range(0, 8).parallel()
                .mapToObj(i -> me(http, devLogin(http, "person" + i + "@simultaneous.test")))
                .toList();
        assertThat(members.stream().map(m -> m.path("tenantId").asText()).distinct()).hasSize(1);
        assertThat(members.stream().filter(m -> m.path("role").asText().equals("ADMIN"))).hasSize(1);
        assertThat(store.everyTenant().count("TenantCreated", event -> "simultaneous.test".equals(event.payloadField("emailDomain"))))
                .as("the losing creation rolled back with its sign-in key: no orphan tenant in the log").isEqualTo(1);
    }

    @Test
    void workosSignInPlacesPeopleByTheirOrganization() {
        workos.willAuthenticate("code-katherine", "user_katherine", "katherine@nasa-langley.test", true, "org_langley");
        JsonNode katherine = me(http, workosLogin("code-katherine"));
        assertThat(katherine.path("userId").asText()).isEqualTo("user_katherine");
        assertThat(katherine.path("role").asText()).isEqualTo("ADMIN");

        // Another domain, same organization: the organization decides.
        workos.willAuthenticate("code-dorothy", "user_dorothy", "dorothy@contractor.test", true, "org_langley");
        JsonNode dorothy = me(http, workosLogin("code-dorothy"));
        assertThat(dorothy.path("tenantId").asText()).isEqualTo(katherine.path("tenantId").asText());
        assertThat(dorothy.path("role").asText()).isEqualTo("MEMBER");
        assertThat(workos.exchangedCodes()).contains("code-katherine", "code-dorothy");
    }

    @Test
    void anUnverifiedEmailDoesNotJoinTheTenantOfItsDomain() {
        JsonNode owner = me(http, devLogin(http, "owner@verified-only.test"));
        workos.willAuthenticate("code-unverified", "user_unverified", "intruder@verified-only.test", false, null);
        JsonNode intruder = me(http, workosLogin("code-unverified"));
        assertThat(intruder.path("tenantId").asText()).isNotEqualTo(owner.path("tenantId").asText());
    }

    @Test
    void loginRedirectsToWorkOsWithAStateBoundToThisBrowser() {
        EntityExchangeResult<Void> login = http.get().uri("/auth/login").exchange()
                .expectStatus().isFound().expectBody().isEmpty();
        URI location = login.getResponseHeaders().getLocation();
        Map<String, String> query = UriComponentsBuilder.fromUri(location).build().getQueryParams().toSingleValueMap();
        assertThat(location.toString()).startsWith(workos.url() + "/user_management/authorize?");
        assertThat(query).containsEntry("client_id", WorkOsFake.CLIENT_ID)
                .containsEntry("response_type", "code")
                .containsEntry("provider", "authkit")
                .containsEntry("redirect_uri", service.baseUrl() + "/auth/callback");
        ResponseCookie state = login.getResponseCookies().getFirst("crosslayer_signin_state");
        assertThat(state.getValue()).isEqualTo(query.get("state")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(state.isHttpOnly()).isTrue();
        assertThat(state.getSameSite()).isEqualTo("Lax");
    }

    @Test
    void aCallbackWithoutStateOrWithAForgedStateIsRefusedAndNothingIsRecorded() {
        workos.willAuthenticate("code-forged", "user_forged", "forged@example.test", true, null);
        long before = events();

        expectProblem(http.get().uri("/auth/callback?code=code-forged").exchange(), HttpStatus.BAD_REQUEST, "state");
        expectProblem(http.get().uri("/auth/callback?code=code-forged&state=attacker-chosen")
                .cookie("crosslayer_signin_state", "the-browsers-own-state").exchange(), HttpStatus.BAD_REQUEST, "state");
        expectProblem(http.get().uri("/auth/callback?code=code-forged&state=attacker-chosen").exchange(),
                HttpStatus.BAD_REQUEST, "state");

        assertThat(workos.exchangedCodes()).as("a code with a bad state is never exchanged").doesNotContain("code-forged");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void anUnknownCodeIsRefusedAndNothingIsRecorded() {
        long before = events();
        String state = startLogin();
        expectProblem(http.get().uri("/auth/callback?code=code-nobody-issued&state=" + state)
                .cookie("crosslayer_signin_state", state).exchange(), HttpStatus.BAD_REQUEST, "did not accept");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void aCallbackWithoutACodeIsRefused() {
        String state = startLogin();
        expectProblem(http.get().uri("/auth/callback?state=" + state)
                .cookie("crosslayer_signin_state", state).exchange(), HttpStatus.BAD_REQUEST, "no code");
    }

    @Test
    void aMalformedEmailFromTheProviderIsRefusedAndNothingIsRecorded() {
        workos.willAuthenticate("code-bad-email", "user_bad_email", "not-an-email", true, null);
        long before = events();
        String state = startLogin();
        expectProblem(http.get().uri("/auth/callback?code=code-bad-email&state=" + state)
                .cookie("crosslayer_signin_state", state).exchange(), HttpStatus.BAD_REQUEST, "email");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void aMalformedDevSignInEmailIsRefusedAndNothingIsRecorded() {
        long before = events();
        for (String email : new String[]{"", "ada", "ada@", "ada@localhost"}) {
            expectProblem(http.post().uri("/auth/dev-login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(BodyInserters.fromFormData("email", email)).exchange(), HttpStatus.BAD_REQUEST, "email");
        }
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void whoAmIWithoutASessionOrWithAForgedOneIs401ProblemDetails() {
        expectProblem(http.get().uri("/api/me").exchange(), HttpStatus.UNAUTHORIZED, "Sign in");
        String real = devLogin(http, "forger@forgery.test");
        String forged = real.substring(0, real.length() - 4) + (real.endsWith("AAAA") ? "BBBB" : "AAAA");
        expectProblem(http.get().uri("/api/me").cookie("crosslayer_session", forged).exchange(),
                HttpStatus.UNAUTHORIZED, "Sign in");
    }

    @Test
    void logoutClearsTheSessionCookie() {
        devLogin(http, "leaving@example-corp.test");
        ResponseCookie cleared = http.post().uri("/auth/logout").exchange()
                .expectStatus().isNoContent()
                .returnResult(Void.class).getResponseCookies().getFirst("crosslayer_session");
        assertThat(cleared.getValue()).isEmpty();
        assertThat(cleared.getMaxAge()).isZero();
    }

    @Test
    void everyResponseCarriesHsts() {
        http.get().uri("/actuator/health/liveness").exchange()
                .expectHeader().valueEquals("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        http.get().uri("/api/me").exchange()
                .expectHeader().valueEquals("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }

    @Test
    void healthReportsTheDatabaseAndTheEventProcessors() {
        service.management().get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.db.status").isEqualTo("UP")
                .jsonPath("$.components.eventProcessors.status").isEqualTo("UP");
    }

    @Test
    void everyStoredEventNamesItsTenantAndCarriesTheAuditContext() {
        String auditor = me(http, devLogin(http, "auditor@audited.test")).path("userId").asText();
        assertThat(store.everyTenant().all()).filteredOn(event -> event.tenantId() == null
                || event.payloadField("tenantId") != null && !event.payloadField("tenantId").equals(event.tenantId())).isEmpty();
        String metadata = store.everyTenant().latest("MemberSignedIn").orElseThrow().metaData();
        assertThat(metadata).contains("\"actor\":\"" + auditor + "\"", "\"source\":\"dashboard\"", "\"correlationId\"");
        // Issue 18.6: the dev sign-in's user id is opaque, so no actor, aggregate id or metadata carries an email.
        assertThat(auditor).matches("local_[0-9a-f]{32}");
        assertThat(store.everyTenant().all()).filteredOn(event -> event.aggregateId().contains("@")
                || event.metaData().contains("@")).isEmpty();
    }

    // --- helpers -------------------------------------------------------------------------------

    /** The WorkOS path: login for a state, then the callback as WorkOS would redirect the browser. */
    private static String workosLogin(String code) {
        String state = startLogin();
        return sessionOf(http.get().uri("/auth/callback?code=" + code + "&state=" + state)
                .cookie("crosslayer_signin_state", state).exchange());
    }

    private static String startLogin() {
        return http.get().uri("/auth/login").exchange().expectStatus().isFound()
                .returnResult(Void.class).getResponseCookies().getFirst("crosslayer_signin_state").getValue();
    }



    private static long events() {
        return store.everyTenant().count();
    }
}
