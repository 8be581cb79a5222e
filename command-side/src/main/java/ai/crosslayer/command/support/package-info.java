/**
 * Where the bot's work after Slack's ack runs: a pool of worker threads shared fairly between tenants (each
 * tenant a bounded number of tasks at once, the least recently served first), apart from the scheduler's
 * threads, so that one tenant's slow outside calls never hold another tenant's work. Issue 19.
 */
package ai.crosslayer.command.support;
