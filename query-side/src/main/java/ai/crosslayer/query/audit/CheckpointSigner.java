package ai.crosslayer.query.audit;

import ai.crosslayer.kernel.TenantId;

/**
 * Signs a checkpoint of a tenant's chain on demand, as an export begins (issue 15.2: every export ends
 * with a checkpoint signed at export time covering its last event). The key lives with whoever signs
 * (ops); the query side only asks.
 */
public interface CheckpointSigner {

    /**
     * Verifies the tenant's chain from its previous checkpoint to its current head and returns a signed
     * checkpoint of that head (the one already there when the head is signed). Empty when the tenant has no
     * events.
     *
     * @throws ChainRefused when the chain does not verify: nothing is signed
     */
    java.util.Optional<AuditChain.Checkpoint> signHead(TenantId tenant);

    /** The signer would not sign: the chain from its previous checkpoint to the head does not verify. */
    final class ChainRefused extends RuntimeException {
        private final transient AuditChain.Failure failure;

        public ChainRefused(String tenantId, AuditChain.Failure failure) {
            super("refused to sign the audit chain of tenant " + tenantId + ": event " + failure.sequence() + ": "
                    + failure.reason());
            this.failure = failure;
        }

        public AuditChain.Failure failure() {
            return failure;
        }
    }
}
