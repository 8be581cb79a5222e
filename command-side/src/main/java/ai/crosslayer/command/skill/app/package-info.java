/**
 * Skill work after Slack's ack: the inbox workers, the card poster and its cards, learning a skill from a repository
 * file, the inbox gauges, and the tables kept for the Skill aggregate's follow-ups.
 */
package ai.crosslayer.command.skill.app;
