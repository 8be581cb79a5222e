package ai.crosslayer.query.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.tenant.FindMemberQuery;
import ai.crosslayer.kernel.tenant.FindMembersQuery;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.kernel.tenant.MemberView;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.DSLContext;
import org.jooq.Record7;
import org.jooq.SelectConditionStep;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY;
import static ai.crosslayer.projections.schema.Tables.TENANT_DIRECTORY_MEMBER;

/** Answers questions about tenants and members from the tenant directory. */
@Component
class TenantDirectoryQueries {

    private final DSLContext sql;

    TenantDirectoryQueries(DSLContext sql) {
        this.sql = sql;
    }

    @QueryHandler
    Optional<MemberView> handle(FindMemberQuery query) {
        return members(query.tenantId())
                .and(TENANT_DIRECTORY_MEMBER.USER_ID.eq(query.userId()))
                .fetchOptional(TenantDirectoryQueries::view);
    }

    @QueryHandler
    List<MemberView> handle(FindMembersQuery query) {
        return members(query.tenantId())
                .orderBy(TENANT_DIRECTORY_MEMBER.JOINED_AT, TENANT_DIRECTORY_MEMBER.USER_ID)
                .fetch(TenantDirectoryQueries::view);
    }

    private SelectConditionStep<Record7<String, String, String, String, String, OffsetDateTime, OffsetDateTime>>
            members(TenantId tenant) {
        var m = TENANT_DIRECTORY_MEMBER;
        var t = TENANT_DIRECTORY;
        return sql.select(t.TENANT_ID, t.NAME, m.USER_ID, m.EMAIL, m.ROLE, m.JOINED_AT, m.LAST_SIGNED_IN_AT)
                .from(m).join(t).on(t.TENANT_ID.eq(m.TENANT_ID))
                .where(m.TENANT_ID.eq(tenant.value()));
    }

    private static MemberView view(Record7<String, String, String, String, String, OffsetDateTime, OffsetDateTime> r) {
        return new MemberView(new TenantId(r.value1()), r.value2(), r.value3(), r.value4(),
                MemberRole.valueOf(r.value5()), r.value6().toInstant(),
                Optional.ofNullable(r.value7()).map(OffsetDateTime::toInstant).orElse(null));
    }
}
