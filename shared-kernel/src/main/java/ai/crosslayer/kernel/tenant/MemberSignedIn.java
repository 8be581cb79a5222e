package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.NotPersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A member proved who they are and received a session.
 *
 * <p>Revision 2 added {@code organizationId}: the WorkOS organization the sign-in came through
 * ({@code null} for the local dev sign-in and for personal sign-ins). Revision 1 events are upcast
 * with {@code null} — the organization was not recorded then.
 */
@Revision("2")
public record MemberSignedIn(
        TenantId tenantId,
        @NotPersonalData("an opaque user id (WorkOS, or local_ + a keyed hash): it stays in the chain after erasure") String userId,
        SignInMethod method,
        String organizationId,
        Instant signedInAt) implements TenantEvent {
}
