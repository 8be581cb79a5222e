package ai.crosslayer.command.tenant.store;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.tenant.MemberJoined;
import ai.crosslayer.kernel.tenant.MemberRemoved;
import ai.crosslayer.kernel.tenant.TenantCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.springframework.stereotype.Component;

import java.util.Optional;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * The keys by which a sign-in finds its tenant: a member's user id, a WorkOS organization, a
 * verified email domain. Kept by a subscribing processor, so each key is written in the very
 * transaction that appends the event naming it; the table's primary key makes a second tenant for
 * the same organization or domain impossible.
 */
@Component
@ProcessingGroup(SignInKeys.PROCESSING_GROUP)
public class SignInKeys {

    public static final String PROCESSING_GROUP = "tenant-sign-in-keys";

    public enum Kind {
        MEMBER("member"),
        WORKOS_ORGANIZATION("workos-organization"),
        EMAIL_DOMAIN("email-domain");

        final String column;

        Kind(String column) {
            this.column = column;
        }
    }

    private static final Table<?> KEYS = table(name("tenant_sign_in_key"));
    private static final Field<String> KIND = field(name("key_kind"), String.class);
    private static final Field<String> VALUE = field(name("key_value"), String.class);
    private static final Field<String> TENANT = field(name("tenant_id"), String.class);

    private final DSLContext sql;

    SignInKeys(DSLContext sql) {
        this.sql = sql;
    }

    /**
     * Cross-tenant by nature: a sign-in does not know its tenant until this answers. It reads this one
     * table, through the role whose policy allows exactly that (see the README's isolation section).
     */
    public Optional<TenantId> tenantFor(Kind kind, String value) {
        return TenantScope.crossTenant(() -> sql.select(TENANT).from(KEYS)
                .where(KIND.eq(kind.column)).and(VALUE.eq(value))
                .fetchOptional(TENANT)
                .map(TenantId::new));
    }

    @EventHandler
    void on(TenantCreated event) {
        if (event.workosOrganizationId() != null) {
            insert(Kind.WORKOS_ORGANIZATION, event.workosOrganizationId(), event.tenantId());
        }
        if (event.emailDomain() != null) {
            insert(Kind.EMAIL_DOMAIN, event.emailDomain(), event.tenantId());
        }
    }

    @EventHandler
    void on(MemberJoined event) {
        insert(Kind.MEMBER, event.userId(), event.tenantId());
    }

    /**
     * A removed member's key goes with them: a removal is not a ban, so their next sign-in is placed anew by the
     * other keys (their organization or email domain joins them again as a member; else they found a tenant).
     */
    @EventHandler
    void on(MemberRemoved event) {
        sql.deleteFrom(KEYS).where(KIND.eq(Kind.MEMBER.column)).and(VALUE.eq(event.userId()))
                .and(TENANT.eq(event.tenantId().value())).execute();
    }

    private void insert(Kind kind, String value, TenantId tenant) {
        // A plain insert, not an upsert: a duplicate key must fail the whole command.
        sql.insertInto(KEYS, KIND, VALUE, TENANT).values(kind.column, value, tenant.value()).execute();
    }
}
