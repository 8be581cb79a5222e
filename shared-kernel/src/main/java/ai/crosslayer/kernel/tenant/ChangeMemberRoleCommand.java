package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Objects;

/** An admin ({@code byUserId}) gives a member of their tenant another role. The last admin keeps theirs. */
public record ChangeMemberRoleCommand(
        @TargetAggregateIdentifier TenantId tenantId,
        String userId,
        MemberRole role,
        String byUserId,
        Instant at) implements TenantScoped {

    public ChangeMemberRoleCommand {
        Bounds.required("userId", userId, Bounds.NAME);
        Objects.requireNonNull(role, "role");
        Bounds.required("byUserId", byUserId, Bounds.NAME);
    }
}
