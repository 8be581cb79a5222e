package ai.crosslayer.kernel.governance;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Make {@code settings} the tenant's policy, if its revision is still {@code expectedRevision} (else
 * {@link StalePolicyRevision}). Answers the new revision.
 */
public record ChangeGovernanceCommand(
        TenantId tenantId,
        GovernanceSettings settings,
        int expectedRevision,
        String changedBy,
        Instant at) implements TenantScoped {

    @TargetAggregateIdentifier
    public String policyId() {
        return GovernancePolicyIds.of(tenantId);
    }
}
