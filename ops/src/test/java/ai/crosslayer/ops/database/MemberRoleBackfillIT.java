package ai.crosslayer.ops.database;

import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.ops.testing.ServiceSchema;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration that adds {@code member_role} (the role every permission check reads) fills it for the tenants that
 * exist already, from their events: each current member with their last role, nobody removed, nobody of an offboarded
 * tenant; and it leaves the event table's row-level security forced as it found it.
 */
class MemberRoleBackfillIT {

    private static final String ACME = "3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f";
    private static final String GONE = "7a1d2e3f-4b5c-4d6e-8f70-8192a3b4c5d6";
    private static final String TENANT_EVENTS = "ai.crosslayer.kernel.tenant.";

    @Test
    void existingMembersGetTheirLastRoleAndRemovedOrOffboardedOnesNone() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        JdbcTemplate owner = new JdbcTemplate(database.dataSource());
        // The schema as it was before member_role.
        Flyway.configure().dataSource(database.dataSource())
                .locations(ServiceSchema.flyway(database.dataSource()).getConfiguration().getLocations())
                .target("20261201.1320").load().migrate();
        assertThat(owner.queryForObject("SELECT to_regclass('member_role') IS NULL", Boolean.class)).isTrue();

        append(owner, ACME, "MemberJoined", "{\"userId\":\"user_ada\",\"email\":\"ada@acme.test\",\"role\":\"ADMIN\"}");
        append(owner, ACME, "MemberJoined", "{\"userId\":\"user_grace\",\"email\":\"grace@acme.test\",\"role\":\"MEMBER\"}");
        append(owner, ACME, "MemberRoleChanged", "{\"userId\":\"user_grace\",\"previousRole\":\"MEMBER\",\"role\":\"ADMIN\"}");
        append(owner, ACME, "MemberSignedIn", "{\"userId\":\"user_grace\"}");
        append(owner, ACME, "MemberRoleChanged", "{\"userId\":\"user_grace\",\"previousRole\":\"ADMIN\",\"role\":\"AUDITOR\"}");
        append(owner, ACME, "MemberJoined", "{\"userId\":\"user_alan\",\"email\":\"alan@acme.test\",\"role\":\"MEMBER\"}");
        append(owner, ACME, "MemberRemoved", "{\"userId\":\"user_alan\",\"role\":\"MEMBER\"}");
        // Removed, then joined again: a member once more.
        append(owner, ACME, "MemberJoined", "{\"userId\":\"user_mia\",\"email\":\"mia@acme.test\",\"role\":\"MEMBER\"}");
        append(owner, ACME, "MemberRemoved", "{\"userId\":\"user_mia\",\"role\":\"MEMBER\"}");
        append(owner, ACME, "MemberJoined", "{\"userId\":\"user_mia\",\"email\":\"mia@acme.test\",\"role\":\"MEMBER\"}");
        append(owner, GONE, "MemberJoined", "{\"userId\":\"user_bob\",\"email\":\"bob@gone.test\",\"role\":\"ADMIN\"}");
        append(owner, GONE, "TenantOffboarded", "{\"integrationsRevoked\":0}");

        ServiceSchema.flyway(database.dataSource()).migrate();

        assertThat(owner.queryForList("SELECT tenant_id || ' ' || user_id || ' ' || role FROM member_role ORDER BY user_id",
                String.class)).isEqualTo(List.of(ACME + " user_ada ADMIN", ACME + " user_grace AUDITOR",
                ACME + " user_mia MEMBER"));
        assertThat(owner.queryForObject("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'domain_event_entry'",
                Boolean.class)).isTrue();
    }

    private static void append(JdbcTemplate owner, String tenant, String type, String fields) {
        String id = UUID.randomUUID().toString();
        Long sequence = owner.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, tenant);
        String payload = "{\"tenantId\":\"" + tenant + "\"," + fields.substring(1);
        owner.update("INSERT INTO domain_event_entry (tenant_id, event_identifier, aggregate_identifier, sequence_number, "
                        + "type, time_stamp, payload_type, payload_revision, payload, meta_data) VALUES (?, ?, ?, ?, 'Tenant', "
                        + "'2026-11-01T09:00:00Z', ?, '1', convert_to(?, 'UTF8'), convert_to('{}', 'UTF8'))",
                tenant, id, tenant, sequence, TENANT_EVENTS + type, payload);
    }
}
