/**
 * Signals on the write side: the {@code Signal} aggregate and its outbox, the dispatcher that posts signals
 * into Slack, and the triggers that raise them.
 */
package ai.crosslayer.command.signal;
