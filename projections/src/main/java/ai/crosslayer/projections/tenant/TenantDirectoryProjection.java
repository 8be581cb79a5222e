package ai.crosslayer.projections.tenant;

import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.tenant.MemberJoined;
import ai.crosslayer.kernel.tenant.MemberRemoved;
import ai.crosslayer.kernel.tenant.MemberRoleChanged;
import ai.crosslayer.kernel.tenant.MemberSignedIn;
import ai.crosslayer.kernel.tenant.TenantCreated;
import ai.crosslayer.kernel.tenant.TenantOffboarded;
import ai.crosslayer.projections.ProjectionWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY;
import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY_MEMBER;

/**
 * Keeps {@code tenant_directory} and {@code tenant_directory_member}. Every handler is idempotent,
 * so a replay (after a reset, or an event delivered twice) leaves the same rows.
 */
@Component
@ProcessingGroup(TenantDirectoryProjection.PROCESSING_GROUP)
public class TenantDirectoryProjection {

    public static final String PROCESSING_GROUP = "tenant-directory";

    private final DSLContext sql;
    private final ProjectionWrites writes;

    public TenantDirectoryProjection(DSLContext sql, ProjectionWrites writes) {
        this.sql = sql;
        this.writes = writes;
    }

    @EventHandler
    void on(TenantCreated event) {
        writes.add(sql.insertInto(TENANT_DIRECTORY)
                .set(TENANT_DIRECTORY.TENANT_ID, event.tenantId().value())
                .set(TENANT_DIRECTORY.NAME, event.name())
                .set(TENANT_DIRECTORY.WORKOS_ORGANIZATION_ID, event.workosOrganizationId())
                .set(TENANT_DIRECTORY.EMAIL_DOMAIN, event.emailDomain())
                .set(TENANT_DIRECTORY.CREATED_AT, utc(event.createdAt()))
                .onConflict(TENANT_DIRECTORY.TENANT_ID).doNothing());
    }

    @EventHandler
    void on(MemberJoined event) {
        writes.add(sql.insertInto(TENANT_DIRECTORY_MEMBER)
                .set(TENANT_DIRECTORY_MEMBER.TENANT_ID, event.tenantId().value())
                .set(TENANT_DIRECTORY_MEMBER.USER_ID, event.userId())
                .set(TENANT_DIRECTORY_MEMBER.EMAIL, event.email())
                .set(TENANT_DIRECTORY_MEMBER.ROLE, event.role().name())
                .set(TENANT_DIRECTORY_MEMBER.JOINED_AT, utc(event.joinedAt()))
                .onConflict(TENANT_DIRECTORY_MEMBER.TENANT_ID, TENANT_DIRECTORY_MEMBER.USER_ID).doNothing());
    }

    @EventHandler
    void on(MemberSignedIn event) {
        // Replays and redeliveries never move the last sign-in backwards.
        writes.forward(TENANT_DIRECTORY_MEMBER.LAST_SIGNED_IN_AT, utc(event.signedInAt()), Map.of(
                TENANT_DIRECTORY_MEMBER.TENANT_ID, event.tenantId().value(),
                TENANT_DIRECTORY_MEMBER.USER_ID, event.userId()));
    }

    @EventHandler
    void on(MemberRoleChanged event) {
        writes.add(sql.update(TENANT_DIRECTORY_MEMBER)
                .set(TENANT_DIRECTORY_MEMBER.ROLE, event.role().name())
                .where(TENANT_DIRECTORY_MEMBER.TENANT_ID.eq(event.tenantId().value()))
                .and(TENANT_DIRECTORY_MEMBER.USER_ID.eq(event.userId())));
    }

    /** A removed member leaves the directory: {@code GET /api/me} with one of their old cookies answers 401. */
    @EventHandler
    void on(MemberRemoved event) {
        writes.add(sql.deleteFrom(TENANT_DIRECTORY_MEMBER)
                .where(TENANT_DIRECTORY_MEMBER.TENANT_ID.eq(event.tenantId().value()))
                .and(TENANT_DIRECTORY_MEMBER.USER_ID.eq(event.userId())));
    }

    /** An offboarded tenant (issue 18) leaves no row here; its later events, if any, find none to change. */
    @EventHandler
    void on(TenantOffboarded event) {
        writes.add(sql.deleteFrom(TENANT_DIRECTORY_MEMBER).where(TENANT_DIRECTORY_MEMBER.TENANT_ID.eq(event.tenantId().value())));
        writes.add(sql.deleteFrom(TENANT_DIRECTORY).where(TENANT_DIRECTORY.TENANT_ID.eq(event.tenantId().value())));
    }

    /**
     * Before a replay rebuilds the directory: empties it for every tenant at once. Cross-tenant by
     * nature; TRUNCATE, which row-level security does not filter, touches derived rows only.
     */
    @ResetHandler
    void reset() {
        TenantScope.crossTenant(() -> sql.truncate(TENANT_DIRECTORY).cascade().execute());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
