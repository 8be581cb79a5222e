package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Record that {@code keys rotate} sealed this tenant's tokens again under a new master key. */
public record RecordMasterKeyRotationCommand(
        @TargetAggregateIdentifier TenantId tenantId,
        List<String> previousKeyIds,
        String keyId,
        int tokensResealed,
        Instant at) implements TenantScoped {
}
