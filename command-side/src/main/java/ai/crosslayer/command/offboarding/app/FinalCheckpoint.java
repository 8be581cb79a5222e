package ai.crosslayer.command.offboarding.app;

import ai.crosslayer.kernel.TenantId;

import java.util.OptionalLong;

/**
 * Signs a checkpoint of the tenant's chain head now (the composition root signs with the audit key, which the
 * write side does not hold): an offboarded tenant's last event is covered by a signed checkpoint at once.
 */
public interface FinalCheckpoint {

    /**
     * @return the tenant sequence of the event the checkpoint covers; empty when the tenant has no events
     * @throws RuntimeException when it cannot be signed (the chain does not verify, the witness is unreachable)
     */
    OptionalLong signHead(TenantId tenant);
}
