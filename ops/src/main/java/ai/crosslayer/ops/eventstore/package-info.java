/**
 * The event store on PostgreSQL: Axon's JDBC engine over the Flyway-owned schema, each event stamped
 * with its tenant, JSON serialization, and processors that park an event they cannot apply in a
 * dead-letter queue (with the rest of its sequence) instead of skipping it or stopping for everyone.
 */
package ai.crosslayer.ops.eventstore;
