package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.DataSubject;
import ai.crosslayer.kernel.personal.PersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A skill was extracted from a conversation and awaits the channel's decision. {@code model} and
 * {@code promptVersion} say which model read it with which instructions.
 */
@Revision("1")
public record SkillExtracted(
        TenantId tenantId,
        SkillId skillId,
        SkillContent skill,
        @PersonalData(subject = DataSubject.SKILL_SOURCE, subjectFrom = "skillId") SkillSource source,
        String model,
        String promptVersion,
        Instant extractedAt) implements SkillEvent {
}
