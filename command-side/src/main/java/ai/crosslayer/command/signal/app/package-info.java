/**
 * Signal use cases: raising (overlaps, drift of learned files, review reminders), keeping the outbox in step with
 * the Signal's events in the same transaction, and posting into Slack.
 */
package ai.crosslayer.command.signal.app;
