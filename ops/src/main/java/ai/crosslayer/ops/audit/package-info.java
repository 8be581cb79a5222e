/**
 * The audit log's signing side: the Ed25519 checkpoint key (from configuration, never the database),
 * checkpoints signed — only after the chain verifies — on a schedule, on demand and as exports begin, the
 * witness outside the database that receives each, the Merkle tree they sign, and the integrity signal.
 */
package ai.crosslayer.ops.audit;
