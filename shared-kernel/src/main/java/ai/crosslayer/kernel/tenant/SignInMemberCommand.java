package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Record a sign-in to an existing tenant; someone not yet a member joins it first. */
public record SignInMemberCommand(
        @TargetAggregateIdentifier TenantId tenantId,
        VerifiedIdentity identity,
        Instant at) implements TenantScoped {
}
