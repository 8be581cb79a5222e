package ai.crosslayer.kernel.tenant;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * The tenant's sealed tokens were sealed again under master key {@code keyId}, having been sealed under
 * {@code previousKeyIds}. Key ids are fingerprints of public keys: no key material is in this event.
 */
@Revision("1")
public record MasterKeyRotated(
        TenantId tenantId,
        List<String> previousKeyIds,
        String keyId,
        int tokensResealed,
        Instant rotatedAt) implements TenantEvent {

    public MasterKeyRotated {
        previousKeyIds = List.copyOf(previousKeyIds);
    }
}
