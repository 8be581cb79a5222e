package ai.crosslayer.kernel.governance;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Someone who may not change the policy tried to, from Slack: what they tried, and why it was refused. */
@Revision("1")
public record GovernanceChangeRefused(
        TenantId tenantId,
        String slackUserId,
        String attempted,
        String reason,
        Instant refusedAt) implements GovernanceEvent {
}
