package ai.crosslayer.kernel.governance;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Record that a Slack user who may not change the policy tried to. */
public record RecordGovernanceRefusalCommand(
        TenantId tenantId,
        String slackUserId,
        String attempted,
        String reason,
        Instant at) implements TenantScoped {

    @TargetAggregateIdentifier
    public String policyId() {
        return GovernancePolicyIds.of(tenantId);
    }
}
