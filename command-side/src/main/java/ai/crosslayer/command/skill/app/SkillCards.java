package ai.crosslayer.command.skill.app;

import ai.crosslayer.kernel.Ids;
import ai.crosslayer.command.provider.slack.SlackText;
import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillDecision;
import ai.crosslayer.kernel.skill.SkillId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Block Kit confirmation card of a skill: its name, description and steps, with Approve and Discard
 * buttons whose value is the skill id; once decided, the buttons give way to who decided what. What the model
 * wrote is escaped ({@link SlackText}): a skill cannot notify a channel, mention anyone or disguise a link.
 */
public final class SkillCards {

    public static final String APPROVE = "skill_approve";
    public static final String DISCARD = "skill_discard";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SkillCards() {
    }

    /** The message's {@code text} (notifications, clients without blocks): Slack reads markup there too. */
    public static String fallback(SkillContent skill) {
        return "Proposed skill: " + SlackText.escape(skill.name()) + " — " + SlackText.escape(skill.description());
    }

    public static String proposed(SkillId id, SkillContent skill) {
        List<Object> blocks = body(skill);
        blocks.add(Map.of("type", "actions", "block_id", "skill_decision", "elements", List.of(
                button("Approve", APPROVE, id, "primary"),
                button("Discard", DISCARD, id, "danger"))));
        return json(blocks);
    }

    public static String decided(SkillDecision decision) {
        List<Object> blocks = body(decision.skill());
        // A mention only of what is a Slack user id (it came from Slack's signed press); nothing else becomes markup.
        String who = !Ids.isSlackUserId(decision.slackUserId()) ? "someone"
                : "<@" + decision.slackUserId() + ">";
        String outcome = decision.confirmed() ? ":white_check_mark: Approved by " + who : ":wastebasket: Discarded by " + who;
        blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text", outcome))));
        return json(blocks);
    }

    private static List<Object> body(SkillContent skill) {
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < skill.steps().size(); i++) {
            steps.append(i + 1).append(". ").append(SlackText.escape(skill.steps().get(i))).append('\n');
        }
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn",
                "text", "*Proposed skill: `" + SlackText.escape(skill.name()) + "`*\n" + SlackText.escape(skill.description()))));
        blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", "*Steps*\n" + steps)));
        return blocks;
    }

    private static Map<String, Object> button(String text, String action, SkillId id, String style) {
        return Map.of("type", "button", "text", Map.of("type", "plain_text", "text", text), "action_id", action,
                "value", id.value(), "style", style);
    }

    private static String json(Object blocks) {
        try {
            return JSON.writeValueAsString(blocks);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a card is always JSON", e);
        }
    }
}
