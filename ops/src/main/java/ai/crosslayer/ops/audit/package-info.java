/**
 * The audit log's signing side: the Ed25519 checkpoint key (from configuration, never the database),
 * checkpoints taken on a schedule and on demand, and the operator commands that export and verify.
 */
package ai.crosslayer.ops.audit;
