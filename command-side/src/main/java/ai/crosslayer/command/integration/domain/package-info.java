/**
 * The {@code Integration} aggregate: one connection to a Slack workspace or a GitHub account. It decides and
 * records; it never touches the vault, and no live token reaches it.
 */
package ai.crosslayer.command.integration.domain;
