package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * An admin ({@code byUserId}) removes a member from their tenant; the member's sessions end in the same
 * transaction. The last admin cannot be removed. A removal is not a ban: signing in again joins again.
 */
public record RemoveMemberCommand(
        @TargetAggregateIdentifier TenantId tenantId,
        String userId,
        String byUserId,
        Instant at) implements TenantScoped {

    public RemoveMemberCommand {
        Bounds.required("userId", userId, Bounds.NAME);
        Bounds.required("byUserId", byUserId, Bounds.NAME);
    }
}
