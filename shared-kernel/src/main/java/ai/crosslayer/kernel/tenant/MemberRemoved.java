package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.NotPersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A member was removed from the tenant (their sessions ended with it); the admin who did it is the event's
 * actor. Not a ban: if they sign in again, they join again as a new member.
 */
@Revision("1")
public record MemberRemoved(
        TenantId tenantId,
        @NotPersonalData("an opaque user id (WorkOS, or local_ + a keyed hash): it stays in the chain after erasure") String userId,
        MemberRole role,
        Instant removedAt) implements TenantEvent {
}
