package ai.crosslayer.command.skill.app;

import ai.crosslayer.command.skill.store.SkillCardOutbox;
import ai.crosslayer.command.skill.store.SlackInbox;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/** A card owed is queued rendered, with its buttons; a settled card leaves the outbox; a done row leaves the inbox. */
class SkillFollowUpTablesTest {

    private static final TenantId ACME = new TenantId("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f");
    private static final SkillId SKILL = SkillId.fromSlackEvent(ACME.value(), "Ev1");

    private final SkillCardOutbox cards = mock(SkillCardOutbox.class);
    private final SlackInbox inbox = mock(SlackInbox.class);
    private final SkillFollowUpTables tables = new SkillFollowUpTables(cards, inbox);

    @Test
    void aCardOwedIsQueuedRenderedInItsThread() {
        SkillContent content = new SkillContent("deploy-the-api", "Deploy the API.", null, List.of("merge", "tag"), List.of());
        tables.cardOwed(ACME, SKILL, "C1", "1.0", content);
        verify(cards).queue(eq(ACME), eq(SKILL), eq("C1"), eq("1.0"), contains("deploy-the-api"), contains("skill_approve"));
    }

    @Test
    void aSettledCardAndADoneRowAreRemoved() {
        tables.cardSettled(ACME, SKILL);
        tables.inboxRowDone(ACME, "Ev1");
        verify(cards).remove(ACME, SKILL);
        verify(inbox).done(ACME, "Ev1");
    }
}
