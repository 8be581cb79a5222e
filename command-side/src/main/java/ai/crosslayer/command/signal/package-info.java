/**
 * Signals on the write side: the {@code Signal} aggregate ({@code domain}); the triggers that raise signals, the
 * outbox kept in step with the aggregate's events, and the dispatcher that posts them into Slack ({@code app}); the
 * outbox table ({@code store}).
 */
package ai.crosslayer.command.signal;
