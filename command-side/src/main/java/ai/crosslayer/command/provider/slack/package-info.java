/**
 * Slack on the write side: the OAuth v2 install, the Web API calls an integration needs (through the
 * Slack SDK), and the signed requests Slack sends to {@code /slack/events}.
 */
package ai.crosslayer.command.provider.slack;
