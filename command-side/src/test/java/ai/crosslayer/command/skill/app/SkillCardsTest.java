package ai.crosslayer.command.skill.app;

import ai.crosslayer.command.provider.slack.SlackText;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillDecision;
import ai.crosslayer.kernel.skill.SkillId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a card says is the skill's words, never Slack markup hidden in them. Issue 12, item 7. */
class SkillCardsTest {

    private static final SkillContent HOSTILE = new SkillContent("<!channel>", "Hi <!here> & <@U0BOSS>", null,
            List.of("Open <https://evil.test|click>.", "Tell <!subteam^S0ALL>."), List.of());

    @Test
    void markupInANameDescriptionOrStepIsEscaped() {
        String card = SkillCards.proposed(SkillId.fromSlackEvent("3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f", "Ev0X"), HOSTILE);
        assertThat(card).doesNotContain("<!channel>", "<!here>", "<@U0BOSS>", "<https://evil.test", "<!subteam")
                .contains("&lt;!channel&gt;", "Hi &lt;!here&gt; &amp; &lt;@U0BOSS&gt;", "&lt;https://evil.test|click&gt;");
        assertThat(SkillCards.fallback(HOSTILE)).isEqualTo("Proposed skill: &lt;!channel&gt; — Hi &lt;!here&gt; &amp; &lt;@U0BOSS&gt;");
    }

    @Test
    void theDecidedCardMentionsOnlyASlackUserId() {
        assertThat(SkillCards.decided(new SkillDecision(true, "U0BOB", "Bob", true, HOSTILE))).contains("Approved by <@U0BOB>");
        assertThat(SkillCards.decided(new SkillDecision(true, "U0BOB> <!channel", "Bob", true, HOSTILE)))
                .contains("Approved by someone").doesNotContain("<!channel>");
    }

    @Test
    void escapingFollowsSlacksThreeEntities() {
        assertThat(SlackText.escape("a & b < c > d")).isEqualTo("a &amp; b &lt; c &gt; d");
        assertThat(SlackText.escape("&lt;")).as("already escaped text is escaped again: it is text").isEqualTo("&amp;lt;");
        assertThat(SlackText.escape("*bold* `code` :smile:")).isEqualTo("*bold* `code` :smile:");
        assertThat(SlackText.escape(null)).isNull();
    }
}
