package ai.crosslayer.ops.tenancy;

/** A message whose tenant is not its caller's. Logged with both tenants where it is refused. */
public class CrossTenantAccessRefused extends RuntimeException {

    public CrossTenantAccessRefused(String message) {
        super(message);
    }
}
