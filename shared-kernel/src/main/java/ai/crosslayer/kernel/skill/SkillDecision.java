package ai.crosslayer.kernel.skill;

/** The decision that stands on a skill (the first one): confirmed or not, and by whom. */
public record SkillDecision(boolean confirmed, String slackUserId, boolean decidedNow) {
}
