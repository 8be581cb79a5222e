package ai.crosslayer.kernel.skill;

/** The decision that stands on a skill (the first one): confirmed or not, by whom, and the skill's card. */
public record SkillDecision(boolean confirmed, String slackUserId, String displayName, boolean decidedNow,
                            SkillContent skill) {
}
