package ai.crosslayer.kernel.governance;

import ai.crosslayer.kernel.TenantScoped;

/** Everything that happens to a tenant's policy. Stored type names are public API: never rename these records. */
public sealed interface GovernanceEvent extends TenantScoped permits GovernanceSettingChanged, GovernanceChangeRefused {
}
