/**
 * The {@code signal_outbox} table: signals owed to Slack, claimed with a lease.
 */
package ai.crosslayer.command.signal.store;
