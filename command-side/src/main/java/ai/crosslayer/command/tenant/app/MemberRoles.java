package ai.crosslayer.command.tenant.app;

import ai.crosslayer.command.tenant.store.SignInKeys;
import ai.crosslayer.kernel.tenant.MemberJoined;
import ai.crosslayer.kernel.tenant.MemberRemoved;
import ai.crosslayer.kernel.tenant.MemberRoleChanged;
import ai.crosslayer.kernel.tenant.TenantOffboarded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Component;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * Each current member's role, as the Tenant aggregate decided it, in {@code member_role}: the role every
 * permission check reads ({@link MemberSessions} reads it with the session, onto the request's principal). It is
 * kept by the subscribing group that runs in the command's own transaction, so the row changes in the transaction
 * that records the change: once an admin's demotion or removal has answered, no request of theirs passes an admin
 * check. The tenant directory, a tracking projection that trails the events, only displays roles.
 *
 * <p>A demotion updates the role in place: the member's sessions stay, and their next request has the new role.
 */
@Component
@ProcessingGroup(SignInKeys.PROCESSING_GROUP)
class MemberRoles {

    static final Table<Record> ROLES = table(name("member_role"));
    static final Field<String> TENANT = field(name("tenant_id"), String.class);
    static final Field<String> USER = field(name("user_id"), String.class);
    static final Field<String> ROLE = field(name("role"), String.class);
    // The same columns, qualified, for the session lookup that joins this table (MemberSessions).
    static final Field<String> TENANT_OF_ROLE = field(name("member_role", "tenant_id"), String.class);
    static final Field<String> USER_OF_ROLE = field(name("member_role", "user_id"), String.class);
    static final Field<String> ROLE_OF_SESSION = field(name("member_role", "role"), String.class);

    private final DSLContext sql;

    MemberRoles(DSLContext sql) {
        this.sql = sql;
    }

    @EventHandler
    void on(MemberJoined event) {
        // A plain insert: a member joins only when they are not one, so a row already there is a fault to surface.
        sql.insertInto(ROLES, TENANT, USER, ROLE)
                .values(event.tenantId().value(), event.userId(), event.role().name())
                .execute();
    }

    @EventHandler
    void on(MemberRoleChanged event) {
        int changed = sql.update(ROLES).set(ROLE, event.role().name())
                .where(TENANT.eq(event.tenantId().value())).and(USER.eq(event.userId()))
                .execute();
        if (changed != 1) {
            // The aggregate changed the role of a member this table does not know: refuse the command rather
            // than leave checks reading a role that is not the aggregate's.
            throw new IllegalStateException("member_role has no row for a member whose role changed, in tenant "
                    + event.tenantId().value());
        }
    }

    @EventHandler
    void on(MemberRemoved event) {
        sql.deleteFrom(ROLES).where(TENANT.eq(event.tenantId().value())).and(USER.eq(event.userId())).execute();
    }

    @EventHandler
    void on(TenantOffboarded event) {
        sql.deleteFrom(ROLES).where(TENANT.eq(event.tenantId().value())).execute();
    }
}
