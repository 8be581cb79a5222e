package ai.crosslayer.kernel.governance;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Make {@code settings} the tenant's policy, if its revision is still {@code expectedRevision} (else
 * {@link StalePolicyRevision}). Answers the new revision. Settings that the read model could not store are
 * refused when the command is built ({@link Bounds.Exceeded}).
 */
public record ChangeGovernanceCommand(
        TenantId tenantId,
        GovernanceSettings settings,
        int expectedRevision,
        String changedBy,
        Instant at) implements TenantScoped {

    public ChangeGovernanceCommand {
        settings.requireWithinBounds();
        Bounds.required("changedBy", changedBy, Bounds.NAME);
    }

    @TargetAggregateIdentifier
    public String policyId() {
        return GovernancePolicyIds.of(tenantId);
    }
}
