package ai.crosslayer.command.support;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Tells "the tenant was offboarded" from a failure (issue 18.3). The Tenant aggregate refuses a command of a closed
 * tenant itself ({@code TenantClosed}); the database refuses anything else written for it afterwards: an event of any
 * of its aggregates, a data key, a token, an inbox or outbox row (SQLSTATE {@value #SQLSTATE}, see the event store's
 * closed-tenant migration). That refusal is final: the work is dropped, never retried nor parked as a poison event.
 */
public final class ClosedTenant {

    /** The SQLSTATE with which the database refuses a write for an offboarded tenant. */
    public static final String SQLSTATE = "CL001";

    private ClosedTenant() {
    }

    /** Whether {@code failure}, or anything that caused it, is the database's refusal for an offboarded tenant. */
    public static boolean refused(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = failure; cause != null && seen.put(cause, Boolean.TRUE) == null; cause = cause.getCause()) {
            for (Throwable each = cause; each instanceof SQLException sql; each = sql.getNextException()) {
                if (SQLSTATE.equals(sql.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }
}
