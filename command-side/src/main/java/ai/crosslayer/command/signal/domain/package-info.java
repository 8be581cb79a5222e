/**
 * The {@code Signal} aggregate: raised once, dispatched or given up once, acknowledged once.
 */
package ai.crosslayer.command.signal.domain;
