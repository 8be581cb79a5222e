/**
 * Skills on the write side: Slack messages accepted into a sealed inbox, worked off after the ack by
 * workers that extract skills with Anthropic's Messages API, and the {@code Skill} aggregate.
 */
package ai.crosslayer.command.skill;
