package ai.crosslayer.command.skill.domain;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillId;

/**
 * What recording a skill owes outside the event store, in the same transaction: the confirmation card still to
 * be posted, the inbox row whose work is done. The Skill aggregate says what is owed; the app ring keeps the
 * tables (issue 13: the domain ring holds no store).
 */
public interface SkillFollowUps {

    /** The skill's card is to be posted in {@code channelId}, in the thread {@code threadTs} if there is one. */
    void cardOwed(TenantId tenant, SkillId skill, String channelId, String threadTs, SkillContent content);

    /** The skill's card is in Slack: owed no more. */
    void cardSettled(TenantId tenant, SkillId skill);

    /** The inbox row of Slack event {@code eventId} has its outcome recorded: it is done. */
    void inboxRowDone(TenantId tenant, String eventId);
}
