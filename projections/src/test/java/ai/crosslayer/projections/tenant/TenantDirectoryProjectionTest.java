package ai.crosslayer.projections.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.tenant.MemberJoined;
import ai.crosslayer.kernel.tenant.MemberRemoved;
import ai.crosslayer.kernel.tenant.MemberRoleChanged;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.kernel.tenant.MemberSignedIn;
import ai.crosslayer.kernel.tenant.SignInMethod;
import ai.crosslayer.kernel.tenant.TenantCreated;
import ai.crosslayer.kernel.testing.TestPostgres;
import ai.crosslayer.projections.ProjectionWrites;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.ZoneOffset;

import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY;
import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY_MEMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantDirectoryProjectionTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-02T09:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-03T09:00:00Z");

    private DSLContext sql;
    private TenantDirectoryProjection projection;

    @BeforeEach
    void setUp() {
        DataSource dataSource = TestPostgres.freshDatabase().dataSource();
        // The read models build on the event store's tenants table: migrate the real event-store schema
        // (owned by ops, which this module must not depend on) beside this module's own.
        Flyway.configure().dataSource(dataSource)
                .locations("filesystem:../ops/src/main/resources/db/eventstore", "classpath:db/projections")
                .load().migrate();
        sql = DSL.using(dataSource, SQLDialect.POSTGRES);
        // As the event store does on a tenant's first event. (The test connects as the owner: row-level
        // security is not this test's subject.)
        sql.execute("INSERT INTO tenant (tenant_id) VALUES (?)", ACME.value());
        projection = new TenantDirectoryProjection(sql, new ProjectionWrites(sql, tenant -> { }));
    }

    @Test
    void keepsTenantsAndTheirMembersWithTheirLastSignIn() {
        projection.on(new TenantCreated(ACME, "acme.test", null, "acme.test", T0));
        projection.on(new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.ADMIN, T0));
        projection.on(new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, null, T0));
        projection.on(new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, null, T2));

        var tenant = sql.selectFrom(TENANT_DIRECTORY).fetchSingle();
        assertThat(tenant.getName()).isEqualTo("acme.test");
        assertThat(tenant.getEmailDomain()).isEqualTo("acme.test");
        var ada = sql.selectFrom(TENANT_DIRECTORY_MEMBER).fetchSingle();
        assertThat(ada.getRole()).isEqualTo("ADMIN");
        assertThat(ada.getLastSignedInAt()).isEqualTo(T2.atOffset(ZoneOffset.UTC));
    }

    @Test
    void replayingTheSameEventsLeavesTheSameRows() {
        Runnable events = () -> {
            projection.on(new TenantCreated(ACME, "acme.test", null, "acme.test", T0));
            projection.on(new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.ADMIN, T0));
            projection.on(new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, null, T2));
            projection.on(new MemberSignedIn(ACME, "user_ada", SignInMethod.WORKOS, null, T1));
        };
        events.run();
        events.run();

        assertThat(sql.fetchCount(TENANT_DIRECTORY)).isEqualTo(1);
        assertThat(sql.fetchCount(TENANT_DIRECTORY_MEMBER)).isEqualTo(1);
        assertThat(sql.selectFrom(TENANT_DIRECTORY_MEMBER).fetchSingle().getLastSignedInAt())
                .as("an older sign-in delivered late never moves the last sign-in back")
                .isEqualTo(T2.atOffset(ZoneOffset.UTC));
    }

    @Test
    void aRoleChangeIsShownAndARemovedMemberLeavesTheDirectoryUntilTheyJoinAgain() {
        projection.on(new TenantCreated(ACME, "acme.test", null, "acme.test", T0));
        projection.on(new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.ADMIN, T0));
        projection.on(new MemberJoined(ACME, "user_grace", "grace@acme.test", MemberRole.MEMBER, T0));

        projection.on(new MemberRoleChanged(ACME, "user_grace", MemberRole.MEMBER, MemberRole.AUDITOR, T1));
        assertThat(sql.select(TENANT_DIRECTORY_MEMBER.ROLE).from(TENANT_DIRECTORY_MEMBER)
                .where(TENANT_DIRECTORY_MEMBER.USER_ID.eq("user_grace")).fetchSingle().value1()).isEqualTo("AUDITOR");

        projection.on(new MemberRemoved(ACME, "user_grace", MemberRole.AUDITOR, T1));
        projection.on(new MemberRemoved(ACME, "user_grace", MemberRole.AUDITOR, T1));
        assertThat(sql.select(TENANT_DIRECTORY_MEMBER.USER_ID).from(TENANT_DIRECTORY_MEMBER).fetch(TENANT_DIRECTORY_MEMBER.USER_ID))
                .containsExactly("user_ada");

        projection.on(new MemberJoined(ACME, "user_grace", "grace@acme.test", MemberRole.MEMBER, T2));
        var grace = sql.selectFrom(TENANT_DIRECTORY_MEMBER).where(TENANT_DIRECTORY_MEMBER.USER_ID.eq("user_grace")).fetchSingle();
        assertThat(grace.getRole()).as("joined again as a new member").isEqualTo("MEMBER");
        assertThat(grace.getJoinedAt()).isEqualTo(T2.atOffset(ZoneOffset.UTC));
    }

    @Test
    void resetEmptiesTheDirectoryForARebuild() {
        projection.on(new TenantCreated(ACME, "acme.test", null, "acme.test", T0));
        projection.on(new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.ADMIN, T0));

        projection.reset();

        assertThat(sql.fetchCount(TENANT_DIRECTORY)).isZero();
        assertThat(sql.fetchCount(TENANT_DIRECTORY_MEMBER)).isZero();
    }

    @Test
    void theDirectoryCannotHoldATenantTheEventStoreNeverRegistered() {
        TenantId unknown = new TenantId("00000000-0000-4000-8000-00000000dead");
        assertThatThrownBy(() -> projection.on(new TenantCreated(unknown, "ghost.test", null, null, T0)))
                .hasMessageContaining("tenant_directory_tenant_fkey");
    }

    @Test
    void aMemberCannotPointAtATenantTheDirectoryDoesNotHold() {
        assertThatThrownBy(() -> projection.on(new MemberJoined(ACME, "user_ada", "ada@acme.test", MemberRole.ADMIN, T0)))
                .hasMessageContaining("tenant_directory_member_tenant_fkey");
    }
}
