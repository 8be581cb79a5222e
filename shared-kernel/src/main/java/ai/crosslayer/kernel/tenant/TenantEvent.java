package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantScoped;

/** Everything that happens to a tenant. Stored type names are public API: never rename these records. */
public sealed interface TenantEvent extends TenantScoped permits TenantCreated, MemberJoined, MemberSignedIn, MasterKeyRotated,
        MemberRoleChanged, MemberRemoved, MemberPersonalDataErased, SlackUserPersonalDataErased, TenantOffboarded {
}
