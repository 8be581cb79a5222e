/**
 * The {@code Skill} aggregate, the rules on what may be read and asked (never a direct message; a pre-filter before
 * the model), and the port through which recording a skill says what it owes.
 */
package ai.crosslayer.command.skill.domain;
