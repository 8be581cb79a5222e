package ai.crosslayer.ops.eventstore;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.RunningService;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static ai.crosslayer.ops.testing.SignIns.devLogin;
import static ai.crosslayer.ops.testing.SignIns.me;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, item 1: the tenant aggregate is snapshotted, so loading it does not replay its whole history;
 * snapshots are the tenant's derived data (own tenant, row-level security), never part of the audit chain
 * or the export, and a snapshot of another shape (revision) is ignored rather than trusted.
 */
class AggregateSnapshotsIT {

    private static final String TENANT_TYPE = "ai.crosslayer.command.tenant.Tenant";
    /** The Tenant aggregate's {@code @Revision}: 3 since it keeps whether it was offboarded (issue 18; 2: each member's role). */
    private static final String TENANT_SNAPSHOT_REVISION = "3";

    @TempDir
    Path dataDir;

    @Test
    void theTenantIsLoadedFromItsSnapshotWhichStaysOutOfTheAuditLog() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        JdbcTemplate owner = new JdbcTemplate(database.dataSource());
        try (RunningService service = RunningService.withProfile("local")
                .set("CROSSLAYER_DATA_DIR", dataDir)
                .set("crosslayer.aggregates.snapshot-every", 5)
                .database(database)
                .start()) {
            WebTestClient http = service.http();
            String session = devLogin(http, "ada@snapshots.test");
            String tenant = me(http, session).path("tenantId").asText();
            String bob = me(http, devLogin(http, "bob@snapshots.test")).path("userId").asText();
            for (int i = 0; i < 8; i++) {
                devLogin(http, "ada@snapshots.test");
            }

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(owner.queryForList(
                    "SELECT tenant_id, payload_type, payload_revision FROM snapshot_event_entry WHERE aggregate_identifier = ?",
                    tenant)).contains(Map.of("tenant_id", tenant, "payload_type", TENANT_TYPE, "payload_revision",
                    TENANT_SNAPSHOT_REVISION)));

            // Loaded from the snapshot (nothing cached): bob is known to it and does not join a second time.
            service.bean(Cache.class).removeAll();
            devLogin(http, "bob@snapshots.test");
            assertThat(joins(owner, tenant, bob)).isEqualTo(1);

            // A snapshot of another shape is not trusted: the tenant is replayed from its events instead,
            // and snapshotted again at its current revision.
            owner.update("UPDATE snapshot_event_entry SET payload_revision = '0', payload = convert_to('{}', 'UTF8')");
            service.bean(Cache.class).removeAll();
            devLogin(http, "bob@snapshots.test");
            assertThat(joins(owner, tenant, bob)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(owner.queryForObject(
                    "SELECT count(*) FROM snapshot_event_entry WHERE payload_revision = ?", Integer.class,
                    TENANT_SNAPSHOT_REVISION)).isPositive());

            // Another node appends to the tenant meanwhile (here: a copy of its last event, straight into the store):
            // this node's cached aggregate is one event behind, the store's (aggregate, sequence) key refuses its
            // append, and the sign-in is sent again on the fresh stream (TenantPlacement.signIn): recorded once,
            // never a 500 (issue 17.1).
            devLogin(http, "ada@snapshots.test");
            owner.update("INSERT INTO domain_event_entry (tenant_id, event_identifier, aggregate_identifier, "
                    + "sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data) "
                    + "SELECT tenant_id, gen_random_uuid()::text, aggregate_identifier, sequence_number + 1, type, "
                    + "time_stamp, payload_type, payload_revision, payload, meta_data FROM domain_event_entry "
                    + "WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1", tenant);
            long before = events(owner, tenant);
            devLogin(http, "ada@snapshots.test");
            assertThat(events(owner, tenant)).isEqualTo(before + 1);

            // Derived data only: the chain and the export hold events, never a snapshot.
            assertThat(owner.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type = ?",
                    Integer.class, TENANT_TYPE)).isZero();
            assertThat(owner.queryForObject("SELECT head_sequence FROM tenant WHERE tenant_id = ?", Long.class, tenant))
                    .isEqualTo(owner.queryForObject("SELECT count(*) FROM domain_event_entry WHERE tenant_id = ?",
                            Long.class, tenant));
            String session2 = devLogin(http, "ada@snapshots.test");
            String export = http.get().uri("/api/audit/export?format=ndjson").cookie("crosslayer_session", session2)
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            assertThat(export).contains("MemberSignedIn").doesNotContain(TENANT_TYPE);
            http.get().uri("/api/audit/verify").cookie("crosslayer_session", session2).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.valid").isEqualTo(true);
        }
    }

    private static long events(JdbcTemplate owner, String tenant) {
        return owner.queryForObject("SELECT count(*) FROM domain_event_entry WHERE tenant_id = ?", Long.class, tenant);
    }

    private static int joins(JdbcTemplate owner, String tenant, String userId) {
        return owner.queryForObject("SELECT count(*) FROM domain_event_entry WHERE tenant_id = ? AND payload_type = "
                + "'ai.crosslayer.kernel.tenant.MemberJoined' AND convert_from(payload, 'UTF8')::jsonb ->> 'userId' = ?",
                Integer.class, tenant, userId);
    }
}
