package ai.crosslayer.kernel.governance;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;

/** The tenant's policy. Answers a {@link GovernanceView} (the defaults at revision 0 when never changed). */
public record FindGovernanceQuery(TenantId tenantId) implements TenantScoped {
}
