package ai.crosslayer.command.tenant.store;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.springframework.stereotype.Component;

import java.util.List;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * Every tenant that is not offboarded, for work that visits them one by one (key rotation, review reminders,
 * retention): a closed tenant takes no more work (issue 18.3). Cross-tenant by nature: it reads tenant ids only; each
 * tenant's own rows are then read in its scope.
 */
@Component
public class Tenants {

    private static final Field<String> TENANT_ID = field(name("tenant_id"), String.class);
    private static final Field<Object> CLOSED_AT = field(name("closed_at"));

    private final DSLContext sql;

    Tenants(DSLContext sql) {
        this.sql = sql;
    }

    public List<TenantId> all() {
        return TenantScope.crossTenant(() -> sql.select(TENANT_ID).from(table(name("tenant")))
                .where(CLOSED_AT.isNull()).orderBy(TENANT_ID)
                .fetch(TENANT_ID)).stream().map(TenantId::new).toList();
    }
}
