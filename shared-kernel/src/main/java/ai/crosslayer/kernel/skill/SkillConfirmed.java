package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.personal.DataSubject;
import ai.crosslayer.kernel.personal.NotPersonalData;
import ai.crosslayer.kernel.personal.PersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Someone in the channel approved the proposed skill: it is now team know-how. */
@Revision("1")
public record SkillConfirmed(
        TenantId tenantId,
        SkillId skillId,
        @NotPersonalData("an opaque Slack user id: it stays in the chain after erasure, the name it stood for is sealed") String slackUserId,
        @PersonalData(subject = DataSubject.SLACK_USER, subjectFrom = "slackUserId") String displayName,
        Instant confirmedAt) implements SkillEvent {
}
