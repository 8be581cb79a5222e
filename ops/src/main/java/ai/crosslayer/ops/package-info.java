/**
 * The composition root: wires the command side, projections and query side into one executable,
 * owns the event-store schema and the framework glue, and hosts the operator commands.
 */
package ai.crosslayer.ops;
