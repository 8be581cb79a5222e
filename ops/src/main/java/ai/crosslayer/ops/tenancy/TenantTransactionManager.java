package ai.crosslayer.ops.tenancy;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Spring's JDBC transaction manager, binding each transaction to its tenant: a transaction that begins
 * inside a tenant's scope sets {@code crosslayer.tenant_id} for itself alone
 * ({@code set_config(..., true)}), which is what the row-level security policies compare against.
 * A transaction begun without a scope sees no tenant's rows until {@link #bind} names one.
 */
public class TenantTransactionManager extends JdbcTransactionManager {

    static final String SETTING = "crosslayer.tenant_id";
    /** Local to the transaction: gone at commit or rollback, never left on a pooled connection. */
    private static final String BIND = "SELECT set_config('" + SETTING + "', ?, true)";
    private static final Object BOUND = new Object();

    private final JdbcTemplate jdbc;

    public TenantTransactionManager(DataSource dataSource) {
        super(dataSource);
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        TenantId tenant = TenantScope.current().orElse(null);
        if (tenant != null) {
            try (PreparedStatement statement = connection.prepareStatement(BIND)) {
                statement.setString(1, tenant.value());
                statement.execute();
            }
        }
    }

    /**
     * Names the tenant of the transaction in progress (a tracking processor's batch, which learns each
     * event's tenant only as it handles it). Outside a transaction it refuses: the setting would not last.
     */
    public void bind(TenantId tenant) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a tenant can only be bound to a transaction in progress");
        }
        // A batch of one tenant's events binds once, not once per event. Keyed by the transaction's own
        // connection, so a transaction begun inside another (REQUIRES_NEW) binds for itself.
        Bound bound = new Bound(TransactionSynchronizationManager.getResource(obtainDataSource()), tenant);
        if (bound.equals(TransactionSynchronizationManager.getResource(BOUND))) {
            return;
        }
        jdbc.queryForObject(BIND, String.class, tenant.value());
        if (TransactionSynchronizationManager.unbindResourceIfPossible(BOUND) == null) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(BOUND);
                }
            });
        }
        TransactionSynchronizationManager.bindResource(BOUND, bound);
    }

    /** Which tenant {@link #bind} last named, on which transaction's connection. */
    private record Bound(Object connection, TenantId tenant) {
    }
}
