package ai.crosslayer.ops.tenancy;

import ai.crosslayer.kernel.TenantScope;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import javax.sql.DataSource;
import java.util.Map;

/**
 * The service's one {@link DataSource}: a connection taken inside {@link TenantScope#crossTenant} comes
 * from the {@code crosslayer_system} pool, every other from the {@code crosslayer_app} pool. Within a
 * transaction the connection, and so the role, is fixed when the transaction begins.
 */
public class RoleRoutingDataSource extends AbstractRoutingDataSource {

    enum Role { APP, SYSTEM }

    public RoleRoutingDataSource(DataSource app, DataSource system) {
        setTargetDataSources(Map.of(Role.APP, app, Role.SYSTEM, system));
        setDefaultTargetDataSource(app);
        setLenientFallback(false);
        afterPropertiesSet();
    }

    @Override
    protected Object determineCurrentLookupKey() {
        return TenantScope.isCrossTenant() ? Role.SYSTEM : Role.APP;
    }
}
