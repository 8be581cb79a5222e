package ai.crosslayer.ops.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The probe sees what the service's roles see: one tenant in its scope, every tenant as the stream reader. */
class EventStoreProbeIT {

    private final TwoTenantDatabase tenants = new TwoTenantDatabase();

    @Test
    void aTenantsScopeShowsThatTenantsEventsAndNoOneElses() {
        for (EventStoreProbe probe : new EventStoreProbe[]{EventStoreProbe.of(tenants.database),
                EventStoreProbe.asOwner(tenants.database.dataSource())}) {
            assertThat(probe.tenant(TwoTenantDatabase.A).all()).extracting(EventStoreProbe.StoredEvent::tenantId)
                    .containsExactly(TwoTenantDatabase.A);
            assertThat(probe.tenant(TwoTenantDatabase.B).ofAggregate(TwoTenantDatabase.A)).isEmpty();
            assertThat(probe.everyTenant().all()).extracting(EventStoreProbe.StoredEvent::tenantId)
                    .containsExactly(TwoTenantDatabase.A, TwoTenantDatabase.B);
        }
    }

    @Test
    void anEventReadsBackAsStoredWithItsSimpleTypeName() {
        EventStoreProbe.Events a = EventStoreProbe.of(tenants.database).tenant(TwoTenantDatabase.A);
        EventStoreProbe.StoredEvent created = a.only("TenantCreated");
        assertThat(created.type()).isEqualTo("TenantCreated");
        assertThat(created.payloadType()).isEqualTo("ai.crosslayer.kernel.tenant.TenantCreated");
        assertThat(created.payload()).isEqualTo("{}");
        assertThat(created.eventId()).isEqualTo("event-of-" + TwoTenantDatabase.A);
        assertThat(a.typesOf(TwoTenantDatabase.A)).containsExactly("TenantCreated");
        assertThat(a.count("MemberJoined")).isZero();
        assertThat(a.latest("MemberJoined")).isEmpty();
        assertThatThrownBy(() -> a.only("MemberJoined")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("exactly one MemberJoined");
    }
}
