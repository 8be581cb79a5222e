/**
 * Skills on the write side: the {@code Skill} aggregate and the rules on what is read ({@code domain}); the inbox
 * workers that ask the model, the card poster and learning from a repository file ({@code app}); the sealed inbox,
 * the card outbox and the skill watches ({@code store}). Slack's requests come in through {@code slack}.
 */
package ai.crosslayer.command.skill;
