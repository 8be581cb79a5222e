package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.NotPersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A person's personal data was erased from the tenant (issue 18.2): the data keys of {@code member:<userId>} and
 * {@code slack-user:<userId>} were destroyed in the transaction that recorded this, so every field sealed under
 * them reads as erased from now on. It carries no personal data: only the opaque ids of who was erased and by whom.
 */
@Revision("1")
public record MemberPersonalDataErased(
        TenantId tenantId,
        @NotPersonalData("an opaque user id: it stays in the chain after erasure") String userId,
        @NotPersonalData("an opaque user id, or system") String erasedBy,
        Instant erasedAt) implements TenantEvent {

    /** What read models show in place of an erased person's name, email or login. */
    public static final String ERASED_MEMBER = "erased member";
}
