package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.NotPersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A member of the tenant was given another role; the admin who did it is the event's actor. */
@Revision("1")
public record MemberRoleChanged(
        TenantId tenantId,
        @NotPersonalData("an opaque user id (WorkOS, or local_ + a keyed hash): it stays in the chain after erasure") String userId,
        MemberRole previousRole,
        MemberRole role,
        Instant changedAt) implements TenantEvent {
}
