/**
 * Slack's Web API through the Slack SDK: the OAuth v2 exchange, reading threads, posting and updating messages,
 * revoking a token; Slack's settings, and escaping text for mrkdwn.
 */
package ai.crosslayer.command.provider.slack;
