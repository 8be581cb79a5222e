package ai.crosslayer.command.signal.app;

import ai.crosslayer.command.provider.slack.SlackText;
import ai.crosslayer.kernel.signal.SignalId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;

/** A signal as Block Kit: its text, and an Acknowledge button (value: the signal id) until someone presses it. */
public final class SignalCards {

    public static final String ACKNOWLEDGE = "signal_ack";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SignalCards() {
    }

    /** The message's {@code text} for a signal: escaped like its card, since Slack reads markup there too. */
    static String fallback(String text) {
        return SlackText.escape(text);
    }

    /**
     * A signal's card. Its text is built from skill names, repository paths and links, so it is escaped
     * ({@link SlackText}): a signal can neither notify a channel nor disguise a link.
     */
    static String open(SignalId id, String text) {
        return json(List.of(section(SlackText.escape(text)), Map.of("type", "actions", "block_id", "signal", "elements", List.of(
                Map.of("type", "button", "text", Map.of("type", "plain_text", "text", "Acknowledge"),
                        "action_id", ACKNOWLEDGE, "value", id.value())))));
    }

    /**
     * The card once acknowledged. {@code text} is the posted message's text as Slack sends it back with the press,
     * already in Slack's escaped form: it goes back as it came (escaping it again would show {@code &amp;lt;}).
     */
    public static String acknowledged(String text, String slackUserId) {
        return json(List.of(section(text), Map.of("type", "context", "elements", List.of(
                Map.of("type", "mrkdwn", "text", ":white_check_mark: Acknowledged by <@" + slackUserId + ">")))));
    }

    private static Map<String, Object> section(String text) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", text));
    }

    private static String json(Object blocks) {
        try {
            return JSON.writeValueAsString(blocks);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a card is always JSON", e);
        }
    }
}
