package ai.crosslayer.kernel.skill;

import java.time.Instant;

/** A skill as the dashboard and the slash command show it. */
public record SkillView(
        SkillId id,
        SkillContent skill,
        SkillStatus status,
        SkillSource source,
        String model,
        String promptVersion,
        Instant extractedAt,
        String decidedBy,
        String decidedByName,
        Instant decidedAt) {
}
