package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * An admin ({@code byUserId}), or an operator ({@code system}), erases a person's personal data from the tenant
 * (issue 18.2). A current member is removed too, whatever their role: erasure is not refused for the last admin.
 * {@code formerMember} says the person is no member now but once had personal data here (a data key), which only
 * the data-key vault knows; with neither, there is no one to erase.
 */
public record EraseMemberPersonalDataCommand(
        @TargetAggregateIdentifier TenantId tenantId,
        String userId,
        String byUserId,
        boolean formerMember,
        Instant at) implements TenantScoped {

    /** The {@code byUserId} of an operator's erasure ({@code members erase}): the audit log's system actor. */
    public static final String OPERATOR = "system";

    public EraseMemberPersonalDataCommand {
        Bounds.required("userId", userId, Bounds.NAME);
        Bounds.required("byUserId", byUserId, Bounds.NAME);
    }
}
