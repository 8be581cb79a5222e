package ai.crosslayer.kernel.governance;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.NotPersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Someone who may not change the policy tried to, from Slack: what they tried, and why it was refused. */
@Revision("1")
public record GovernanceChangeRefused(
        TenantId tenantId,
        @NotPersonalData("an opaque Slack user id: it stays in the chain after erasure, the name it stood for is sealed") String slackUserId,
        String attempted,
        String reason,
        Instant refusedAt) implements GovernanceEvent {
}
