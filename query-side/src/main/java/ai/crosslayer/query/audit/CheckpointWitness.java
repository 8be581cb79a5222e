package ai.crosslayer.query.audit;

import java.util.List;

/**
 * Where checkpoints are also written as they are signed, outside the database (issue 15.1): read back
 * here so that verification can hold the database to what the witness saw.
 */
public interface CheckpointWitness {

    /** The tenant's checkpoints the witness holds, oldest first; empty where the witness cannot be read back. */
    List<AuditChain.Checkpoint> checkpoints(String tenantId);
}
