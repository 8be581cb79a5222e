package ai.crosslayer.kernel.governance;

import ai.crosslayer.kernel.TenantId;

/** A tenant's policy is one aggregate, stored under {@code governance-<tenant id>}. */
public final class GovernancePolicyIds {

    private GovernancePolicyIds() {
    }

    public static String of(TenantId tenant) {
        return "governance-" + tenant.value();
    }
}
