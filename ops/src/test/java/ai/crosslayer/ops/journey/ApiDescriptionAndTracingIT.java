package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.RunningService;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

import static ai.crosslayer.ops.testing.SignIns.sessionOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 items 6 and 7 on one running service: the OpenAPI document covers every {@code /api/**} route the
 * running application maps (found from its handler mappings, so a route added later without a description
 * fails here), each with its problem responses; and a request's W3C trace id is the {@code traceId} of the
 * events it causes.
 */
class ApiDescriptionAndTracingIT {

    @TempDir
    static Path dataDir;

    private static RunningService service;

    @BeforeAll
    static void start() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void theDocumentIsPublicAndDescribesEveryApiRouteWithItsProblems() {
        // Built on the first request (seconds of reflection; much longer on a busy 2-core machine), then cached.
        JsonNode document = service.http().mutate().responseTimeout(Duration.ofSeconds(120)).build()
                .get().uri("/api/openapi.json").exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(document.path("openapi").asText()).startsWith("3.");
        JsonNode paths = document.path("paths");

        List<String> routes = new ArrayList<>();
        for (RequestMappingHandlerMapping mapping : service.beansOf(RequestMappingHandlerMapping.class)) {
            mapping.getHandlerMethods().forEach((info, handler) -> {
                if (!handler.getBeanType().getPackageName().startsWith("org.springdoc")) {
                    routes.addAll(apiRoutes(info));
                }
            });
        }
        assertThat(routes).as("the running service's /api/** routes").hasSizeGreaterThan(15)
                .contains("GET /api/me", "PUT /api/governance", "DELETE /api/integrations/{id}");

        Set<String> missing = new TreeSet<>();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' ')).toLowerCase(Locale.ROOT);
            String path = route.substring(route.indexOf(' ') + 1);
            JsonNode operation = paths.path(path).path(method);
            if (operation.isMissingNode()) {
                missing.add(route);
                continue;
            }
            JsonNode responses = operation.path("responses");
            assertThat(responses.has("503")).as("%s: 503", route).isTrue();
            responses.fields().forEachRemaining(response -> {
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    assertThat(response.getValue().path("content").has("application/problem+json"))
                            .as("%s %s is problem details", route, response.getKey()).isTrue();
                }
            });
            if (!path.equals("/api/audit/public-key") && !path.equals("/api/audit/export-schema")) {
                assertThat(responses.has("401")).as("%s: 401 without a session", route).isTrue();
                assertThat(operation.path("security").toString()).as(route).contains("session");
            }
            if (path.contains("{")) {
                assertThat(responses.has("404")).as("%s: 404", route).isTrue();
            }
        }
        assertThat(missing).as("/api/** routes missing from /api/openapi.json").isEmpty();
        assertThat(document.path("components").path("schemas").path("Problem").path("properties").has("detail")).isTrue();
    }

    /** "METHOD /api/…" for each method and pattern of a mapping, with {name:regex} variables as {name}. */
    private static List<String> apiRoutes(RequestMappingInfo info) {
        List<String> routes = new ArrayList<>();
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
            String path = pattern.getPatternString().replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
            if (!path.startsWith("/api/")) {
                continue;
            }
            assertThat(methods).as("%s names its methods", path).isNotEmpty();
            methods.forEach(method -> routes.add(method.name() + " " + path));
        }
        return routes;
    }

    @Test
    void aRequestsTraceIdIsTheTraceIdOfTheEventsItCauses() {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";
        String admin = sessionOf(service.http().post().uri("/auth/dev-login")
                .header("traceparent", traceparent)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("email", "ada@tracing.test")).exchange());
        // Without a traceparent: a trace of its own.
        sessionOf(service.http().post().uri("/auth/dev-login")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("email", "grace@tracing.test")).exchange());

        // User ids are opaque (issue 18): Ada's is the one who-am-I answers.
        String ada = service.http().get().uri("/api/me").cookie("crosslayer_session", admin).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().path("userId").asText();
        JsonNode events = service.http().get().uri("/api/audit/events").cookie("crosslayer_session", admin).exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("events");
        List<String> adasTrace = new ArrayList<>();
        List<String> gracesTrace = new ArrayList<>();
        for (JsonNode event : events) {
            String actor = event.path("actor").path("id").asText();
            String eventTrace = event.path("context").path("traceId").asText();
            (actor.equals(ada) ? adasTrace : gracesTrace).add(eventTrace);
        }
        assertThat(adasTrace).as("the events of the sign-in that sent a traceparent").isNotEmpty()
                .allSatisfy(id -> assertThat(id).isEqualTo(traceId));
        assertThat(gracesTrace).as("the events of the sign-in that sent none").isNotEmpty()
                .allSatisfy(id -> assertThat(id).matches("[0-9a-f]{32}").isNotEqualTo(traceId)
                        .isNotEqualTo("0".repeat(32)));
        assertThat(Set.copyOf(gracesTrace)).as("one trace for one request").hasSize(1);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
