package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.DataSubject;
import ai.crosslayer.kernel.personal.PersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A person became a member of a tenant; {@code userId} is the identity provider's verified user id. */
@Revision("1")
public record MemberJoined(
        TenantId tenantId,
        String userId,
        @PersonalData(subject = DataSubject.MEMBER, subjectFrom = "userId") String email,
        MemberRole role,
        Instant joinedAt) implements TenantEvent {
}
