/**
 * The {@code Skill} aggregate, its rules (who may decide on a skill; never a direct message; a pre-filter before the
 * model), and the port through which recording a skill says what it owes.
 */
package ai.crosslayer.command.skill.domain;
