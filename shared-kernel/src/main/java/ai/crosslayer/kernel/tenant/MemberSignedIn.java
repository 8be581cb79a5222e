package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A member proved who they are and received a session. */
@Revision("1")
public record MemberSignedIn(
        TenantId tenantId,
        String userId,
        SignInMethod method,
        Instant signedInAt) implements TenantEvent {
}
