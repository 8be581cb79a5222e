package ai.crosslayer.ops.journey;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.RunningService;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.reactive.function.BodyInserters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event stored at an old revision (the golden {@code MemberSignedIn.rev1.json}, as an earlier
 * version wrote it) still replays — into the aggregate and the projection, through the upcaster — and
 * still verifies, because the chain covers the stored bytes, not the upcast form. Issue #3.
 */
class UpcastingIT {

    @TempDir
    Path dataDir;

    @Test
    void anOldRevisionReplaysAndVerifies() throws IOException {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        try (RunningService service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .database(database)
                .start()) {
            WebTestClient http = service.http();
            String session = devLogin(http, "ada@upcasting.test");
            JsonNode me = me(http, session);
            String tenant = me.path("tenantId").asText();
            String userId = me.path("userId").asText();

            String revision1 = golden().replace("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f", tenant)
                    .replace("user_ada", userId).replace("2026-11-01T09:00:00Z", "2030-01-01T00:00:00Z");
            storeAsAnEarlierVersionDid(database, tenant, revision1);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(me(http, session).path("lastSignedInAt").asText()).startsWith("2030-01-01T00:00"));
            String again = devLogin(http, "ada@upcasting.test");
            assertThat(me(http, again).path("tenantId").asText()).as("the aggregate loads past the old event").isEqualTo(tenant);

            http.get().uri("/api/audit/verify").cookie("crosslayer_session", again).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.valid").isEqualTo(true);
            JsonNode old = http.get().uri("/api/audit/events?after=3&limit=1").cookie("crosslayer_session", again)
                    .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                    .path("events").get(0);
            assertThat(old.path("event").path("revision").asText()).isEqualTo("1");
            assertThat(old.path("event").path("data").has("organizationId")).as("stored as written").isFalse();

            // And the service's own upcaster chain is what turned it into revision 2.
            var configuration = service.bean(org.axonframework.config.Configuration.class);
            var stored = new org.axonframework.eventhandling.GenericDomainEventEntry<>("Tenant", tenant, 3L, "e",
                    "2030-01-01T00:00:00Z", "ai.crosslayer.kernel.tenant.MemberSignedIn", "1",
                    revision1.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
            var upcast = configuration.upcasterChain().upcast(java.util.stream.Stream.of(
                    new org.axonframework.serialization.upcasting.event.InitialEventRepresentation(stored,
                            configuration.eventSerializer()))).toList();
            assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        }
    }

    private static void storeAsAnEarlierVersionDid(TestPostgres.Database database, String tenant, String payload) {
        PGSimpleDataSource app = new PGSimpleDataSource();
        app.setUrl(database.url());
        app.setUser("crosslayer_app");
        app.setPassword(RunningService.ROLE_PASSWORD);
        JdbcTemplate sql = new JdbcTemplate(app);
        new TransactionTemplate(new DataSourceTransactionManager(app)).executeWithoutResult(status -> {
            sql.queryForObject("SELECT set_config('crosslayer.tenant_id', ?, true)", String.class, tenant);
            long next = sql.queryForObject("SELECT max(sequence_number) + 1 FROM domain_event_entry "
                    + "WHERE aggregate_identifier = ?", Long.class, tenant);
            sql.update("INSERT INTO domain_event_entry (tenant_id, event_identifier, aggregate_identifier, "
                            + "sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data) "
                            + "VALUES (?, ?, ?, ?, 'Tenant', '2030-01-01T00:00:00Z', "
                            + "'ai.crosslayer.kernel.tenant.MemberSignedIn', '1', convert_to(?, 'UTF8'), "
                            + "convert_to('{\"actor\":\"legacy\"}', 'UTF8'))",
                    tenant, UUID.randomUUID().toString(), tenant, next, payload);
        });
    }

    private static String golden() throws IOException {
        try (InputStream in = UpcastingIT.class.getResourceAsStream("/events/MemberSignedIn.rev1.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }


}
