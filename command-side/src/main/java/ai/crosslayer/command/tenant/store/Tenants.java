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
 * Every tenant, for work that visits them one by one (key rotation, review reminders). Cross-tenant by
 * nature: it reads tenant ids only; each tenant's own rows are then read in its scope.
 */
@Component
public class Tenants {

    private static final Field<String> TENANT_ID = field(name("tenant_id"), String.class);

    private final DSLContext sql;

    Tenants(DSLContext sql) {
        this.sql = sql;
    }

    public List<TenantId> all() {
        return TenantScope.crossTenant(() -> sql.select(TENANT_ID).from(table(name("tenant"))).orderBy(TENANT_ID)
                .fetch(TENANT_ID)).stream().map(TenantId::new).toList();
    }
}
