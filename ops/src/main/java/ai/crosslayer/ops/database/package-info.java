/**
 * Where the data lives: the configured PostgreSQL, or by default an embedded PostgreSQL whose data
 * directory survives restarts.
 */
package ai.crosslayer.ops.database;
