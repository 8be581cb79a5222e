package ai.crosslayer.ops.tenancy;

/**
 * A query on a tenant-scoped table was about to run outside a tenant scope, or for a tenant other than
 * the scope's. Raised before the SQL reaches the database; it means a bug, never a user error.
 */
public class TenantGuardViolation extends RuntimeException {

    public TenantGuardViolation(String message) {
        super(message);
    }
}
