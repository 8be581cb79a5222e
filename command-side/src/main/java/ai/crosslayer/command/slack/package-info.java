/**
 * Everything Slack sends us: the signature gate ({@code SlackRequests}), events, interactions (card buttons) and
 * slash commands. Nothing is read before the signature verifies.
 */
package ai.crosslayer.command.slack;
