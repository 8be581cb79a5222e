package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * A press of Approve ({@code approve}) or Discard on a skill's card, by a Slack user. The first decision
 * stands; later presses answer it without changing it (a {@link SkillDecision}).
 */
public record DecideSkillCommand(
        TenantId tenantId,
        @TargetAggregateIdentifier SkillId skillId,
        boolean approve,
        String slackUserId,
        String displayName,
        Instant at) implements TenantScoped {

    /** Refuses what the skill catalog cannot store (issue 11, item 2). */
    public DecideSkillCommand {
        Bounds.required("slackUserId", slackUserId, Bounds.SHORT);
        Bounds.text("displayName", displayName, Bounds.NAME);
    }
}
