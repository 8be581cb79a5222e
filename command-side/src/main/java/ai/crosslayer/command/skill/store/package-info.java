/**
 * The skill context's tables: the sealed Slack inbox, the card outbox, the skill watches.
 */
package ai.crosslayer.command.skill.store;
