package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.NotPersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A Slack user's personal data was erased from the tenant (issue 18): the data key of {@code slack-user:<slackUserId>}
 * was destroyed in the transaction that recorded this, so the display names sealed under it read as erased from now
 * on. It carries no personal data: only the opaque ids of who was erased and by whom.
 */
@Revision("1")
public record SlackUserPersonalDataErased(
        TenantId tenantId,
        @NotPersonalData("an opaque Slack user id: it stays in the chain after erasure, the name it stood for is sealed") String slackUserId,
        @NotPersonalData("an opaque user id, or system") String erasedBy,
        Instant erasedAt) implements TenantEvent {
}
