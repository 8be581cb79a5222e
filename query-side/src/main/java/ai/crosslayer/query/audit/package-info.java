/**
 * The audit log: a tenant's event stream as auditors read, replay, export and verify it — each event
 * chained to the one before by SHA-256, and the chain heads signed in checkpoints.
 */
package ai.crosslayer.query.audit;
