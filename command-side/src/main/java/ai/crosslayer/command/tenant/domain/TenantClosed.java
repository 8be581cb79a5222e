package ai.crosslayer.command.tenant.domain;

import ai.crosslayer.kernel.TenantId;

/** A command for a tenant that was offboarded (issue 18): it takes none any more. */
public class TenantClosed extends RuntimeException {

    public TenantClosed(TenantId tenant) {
        super("The account " + tenant.value() + " was offboarded: it takes no sign-in and no change any more.");
    }
}
