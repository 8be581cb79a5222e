package ai.crosslayer.command.skill.app;

import ai.crosslayer.command.skill.domain.SkillFollowUps;
import ai.crosslayer.command.skill.store.SkillCardOutbox;
import ai.crosslayer.command.skill.store.SlackInbox;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillId;
import org.springframework.stereotype.Component;

/** The Skill aggregate's follow-ups kept in their tables: the card outbox (the card rendered here) and the inbox. */
@Component
class SkillFollowUpTables implements SkillFollowUps {

    private final SkillCardOutbox cards;
    private final SlackInbox inbox;

    SkillFollowUpTables(SkillCardOutbox cards, SlackInbox inbox) {
        this.cards = cards;
        this.inbox = inbox;
    }

    @Override
    public void cardOwed(TenantId tenant, SkillId skill, String channelId, String threadTs, SkillContent content) {
        cards.queue(tenant, skill, channelId, threadTs, SkillCards.fallback(content), SkillCards.proposed(skill, content));
    }

    @Override
    public void cardSettled(TenantId tenant, SkillId skill) {
        cards.remove(tenant, skill);
    }

    @Override
    public void inboxRowDone(TenantId tenant, String eventId) {
        inbox.done(tenant, eventId);
    }
}
