package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.audit.AuditCheckpoints;
import ai.crosslayer.ops.testing.RunningService;
import ai.crosslayer.query.audit.AuditChain;
import ai.crosslayer.query.audit.AuditExportReader;
import ai.crosslayer.query.audit.AuditMerkle;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An auditor's journey through HTTP: replay the tenant's log with filters and pages, take a signed
 * checkpoint, export in both formats, and verify the export with nothing but the published key. Issue #3.
 */
class AuditLogJourneyIT {

    @TempDir
    static Path dataDir;

    private static RunningService service;
    private static WebTestClient http;
    private static String session;
    private static String tenant;
    private static String auditor;
    private static String colleague;

    @BeforeAll
    static void start() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .start();
        http = service.http();
        for (int i = 0; i < 3; i++) {
            session = devLogin(http, "auditor@audit-journey.test");
        }
        String colleagueSession = devLogin(http, "colleague@audit-journey.test");
        JsonNode me = http.get().uri("/api/me").cookie("crosslayer_session", session).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        tenant = me.path("tenantId").asText();
        auditor = me.path("userId").asText();
        colleague = http.get().uri("/api/me").cookie("crosslayer_session", colleagueSession).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("userId").asText();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void theLogReadsAsAnAuditLogInSequenceOrder() {
        JsonNode events = page("").path("events");
        assertThat(events).hasSize(7);
        JsonNode first = events.get(0);
        assertThat(first.path("sequence").asLong()).isEqualTo(1);
        assertThat(first.path("action").asText()).isEqualTo("tenant.created");
        assertThat(first.path("actor").path("id").asText()).isEqualTo(auditor);
        assertThat(first.path("targets").get(0).path("id").asText()).isEqualTo(tenant);
        assertThat(first.path("context").path("source").asText()).isEqualTo("dashboard");
        assertThat(first.path("prevHash").asText()).isEqualTo("0".repeat(64));
        assertThat(events.get(1).path("prevHash").asText()).isEqualTo(first.path("hash").asText());
        assertThat(events.get(6).path("action").asText()).isEqualTo("tenant.member_signed_in");
    }

    @Test
    void filtersAndPagesNarrowTheLog() {
        assertThat(page("type=MemberJoined").path("events")).hasSize(2);
        assertThat(page("actor=" + colleague).path("events")).hasSize(2);
        assertThat(page("aggregate=" + tenant).path("events")).hasSize(7);
        assertThat(page("since=2000-01-01T00:00:00Z&until=2000-01-02T00:00:00Z").path("events")).isEmpty();
        assertThat(page("since=2000-01-01T00:00:00Z").path("events")).hasSize(7);

        List<Long> sequences = new ArrayList<>();
        String after = "0";
        while (!after.equals("null")) {
            JsonNode page = page("limit=3&after=" + after);
            page.path("events").forEach(e -> sequences.add(e.path("sequence").asLong()));
            after = page.path("nextAfter").asText();
        }
        assertThat(sequences).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void theTenantCanBeReplayedAsOfAnyInstant() {
        JsonNode events = page("type=MemberJoined").path("events");
        Instant colleagueJoined = Instant.parse(events.get(1).path("occurredAt").asText());

        JsonNode before = state("2000-01-01T00:00:00Z");
        assertThat(before.path("existed").asBoolean()).isFalse();
        assertThat(before.path("members")).isEmpty();

        JsonNode alone = state(colleagueJoined.minusMillis(1).toString());
        assertThat(alone.path("tenantName").asText()).isEqualTo("audit-journey.test");
        assertThat(alone.path("members")).hasSize(1);
        assertThat(alone.path("members").get(0).path("role").asText()).isEqualTo("ADMIN");

        assertThat(state(Instant.now().plusSeconds(60).toString()).path("members")).hasSize(2);
        expectProblem(get("/api/audit/state?asOf=last-tuesday"), HttpStatus.BAD_REQUEST, "ISO-8601 instant");
        expectProblem(get("/api/audit/state"), HttpStatus.BAD_REQUEST, "'asOf' is required");
    }

    private static JsonNode state(String asOf) {
        return get("/api/audit/state?asOf=" + asOf).expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
    }

    @Test
    void badAuditRequestsAreClearProblems() {
        expectProblem(get("/api/audit/events?colour=red"), HttpStatus.BAD_REQUEST, "Unknown filter [colour]");
        expectProblem(get("/api/audit/events?since=yesterday"), HttpStatus.BAD_REQUEST, "ISO-8601 instant");
        expectProblem(get("/api/audit/events?limit=1001"), HttpStatus.BAD_REQUEST, "between 1 and 1000");
        expectProblem(get("/api/audit/events?limit=ten"), HttpStatus.BAD_REQUEST, "whole number");
        expectProblem(get("/api/audit/export?format=xml"), HttpStatus.BAD_REQUEST, "use ndjson or csv");
    }

    @Test
    void anExportVerifiesWithThePublishedKeyAndItsCheckpoints() {
        service.bean(AuditCheckpoints.class).checkpointAll();
        byte[] publicKey = Base64.getDecoder().decode(http.get().uri("/api/audit/public-key").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .path("publicKey").asText());
        for (String format : List.of("ndjson", "csv")) {
            String file = new String(get("/api/audit/export?format=" + format).expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(format.equals("csv") ? MediaType.parseMediaType("text/csv")
                            : MediaType.parseMediaType("application/x-ndjson"))
                    .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
            AuditChain.Report report = AuditExportReader.verify(new BufferedReader(new StringReader(file)), List.of(publicKey),
                    new ObjectMapper());
            assertThat(report.valid()).as(format).isTrue();
            assertThat(report.eventsVerified()).isGreaterThanOrEqualTo(7);
            assertThat(report.checkpointsVerified()).isEqualTo(1);
        }
        get("/api/audit/verify").expectStatus().isOk().expectBody()
                .jsonPath("$.valid").isEqualTo(true)
                .jsonPath("$.checkpointsVerified").isEqualTo(1)
                .jsonPath("$.eventsNotCovered").isEqualTo(0);
    }

    @Test
    void theProofRoutesAnswerRfc9162ProofsThatHoldAgainstTheSignedRoots() {
        service.bean(AuditCheckpoints.class).checkpointAll();
        JsonNode checkpoints = get("/api/audit/checkpoints").expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody().path("checkpoints");
        JsonNode signed = checkpoints.get(checkpoints.size() - 1);
        long size = signed.path("treeSize").asLong();
        byte[] root = java.util.HexFormat.of().parseHex(signed.path("treeRoot").asText());
        assertThat(size).isGreaterThanOrEqualTo(7);

        JsonNode consistency = get("/api/audit/proof/consistency?from=3&to=" + size).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode inclusion = get("/api/audit/proof/inclusion?sequence=3&treeSize=" + size).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        byte[] thirdHash = java.util.HexFormat.of().parseHex(page("after=2&limit=1").path("events").get(0).path("hash").asText());
        assertThat(AuditMerkle.verifyInclusion(AuditMerkle.leafHash(thirdHash), 2, size, hashes(inclusion), root)).isTrue();
        byte[] rootOfThree = java.util.HexFormat.of().parseHex(consistency.path("fromRoot").asText());
        assertThat(AuditMerkle.verifyConsistency(3, rootOfThree, size, root, hashes(consistency))).isTrue();

        expectProblem(get("/api/audit/proof/consistency?from=1&to=" + (size + 1)), HttpStatus.BAD_REQUEST,
                "beyond the largest signed tree");
        expectProblem(get("/api/audit/proof/inclusion?sequence=0&treeSize=1"), HttpStatus.BAD_REQUEST, "'sequence'");
        expectProblem(get("/api/audit/proof/inclusion?treeSize=1"), HttpStatus.BAD_REQUEST, "'sequence' is required");
    }

    private static List<byte[]> hashes(JsonNode proof) {
        List<byte[]> hashes = new java.util.ArrayList<>();
        proof.path("proof").forEach(h -> hashes.add(java.util.HexFormat.of().parseHex(h.asText())));
        return hashes;
    }

    @Test
    void everyLineOfAnExportHasExactlyTheFieldsItsPublishedSchemaNames() throws Exception {
        JsonNode schema = http.get().uri("/api/audit/export-schema").exchange().expectStatus().isOk()
                .expectHeader().contentType("application/schema+json")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String file = new String(get("/api/audit/export?format=ndjson").expectStatus().isOk().expectBody().returnResult()
                .getResponseBody(), StandardCharsets.UTF_8);
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        for (String line : file.split("\n")) {
            JsonNode record = new ObjectMapper().readTree(line);
            String kind = record.path("record").asText();
            kinds.add(kind);
            JsonNode definition = schema.path("$defs").path(kind);
            assertThat(definition.isObject()).as("the schema defines " + kind).isTrue();
            assertFieldsMatch(kind, definition, record);
            if ("event".equals(kind)) {
                assertFieldsMatch("stored", definition.path("properties").path("stored"), record.path("stored"));
            }
        }
        assertThat(kinds).contains("export", "checkpoint", "event");
    }

    private static void assertFieldsMatch(String what, JsonNode definition, JsonNode record) {
        java.util.List<String> present = new java.util.ArrayList<>();
        record.fieldNames().forEachRemaining(present::add);
        java.util.List<String> allowed = new java.util.ArrayList<>();
        definition.path("properties").fieldNames().forEachRemaining(allowed::add);
        assertThat(allowed).as(what + ": no field outside the schema").containsAll(present);
        definition.path("required").forEach(required -> assertThat(present).as(what).contains(required.asText()));
    }

    @Test
    void everyExportEndsWithACheckpointAlsoServedAndWitnessed() throws Exception {
        String file = new String(get("/api/audit/export?format=ndjson").expectStatus().isOk().expectBody().returnResult()
                .getResponseBody(), StandardCharsets.UTF_8);
        String[] lines = file.split("\n");
        JsonNode closing = new ObjectMapper().readTree(lines[lines.length - 1]);
        JsonNode lastEvent = new ObjectMapper().readTree(lines[lines.length - 2]);
        assertThat(closing.path("record").asText()).isEqualTo("checkpoint");
        assertThat(closing.path("sequence").asLong()).isEqualTo(lastEvent.path("sequence").asLong());

        JsonNode served = get("/api/audit/checkpoints").expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        assertThat(served.path("checkpoints").findValuesAsText("signature")).contains(closing.path("signature").asText());
        assertThat(dataDir.resolve("witness").resolve(tenant)
                .resolve(String.format("%019d.json", closing.path("sequence").asLong()))).exists();
        get("/api/audit/verify").expectStatus().isOk().expectBody().jsonPath("$.valid").isEqualTo(true);
    }

    private static JsonNode page(String query) {
        return get("/api/audit/events?" + query).expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
    }

    private static WebTestClient.ResponseSpec get(String uri) {
        return http.get().uri(uri).cookie("crosslayer_session", session).exchange();
    }

}
