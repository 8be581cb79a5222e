/**
 * The event store on PostgreSQL: Axon's JDBC engine over the Flyway-owned schema, each event stamped
 * with its tenant, JSON serialization, and projections that stop rather than skip an event.
 */
package ai.crosslayer.ops.eventstore;
