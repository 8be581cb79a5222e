package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The tenant's retention of skill sources (issue 18.5) ran out for this skill: the data key its
 * {@link SkillExtracted#source()} is sealed under was destroyed, in the transaction that recorded this event, so the
 * source reads as {@code null} (erased) from then on. Holds no personal data.
 */
@Revision("1")
public record SkillSourceExpired(
        TenantId tenantId,
        SkillId skillId,
        Instant expiredAt) implements SkillEvent {
}
