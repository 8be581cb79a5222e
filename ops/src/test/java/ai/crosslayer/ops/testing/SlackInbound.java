package ai.crosslayer.ops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Slack sends the service, built in one place in Slack's wire formats (the shapes of
 * {@code /work/shared/fixtures/slack}) and signed with {@link SlackFake#SIGNING_SECRET} as Slack signs:
 * Events API callbacks ({@code message}, {@code app_mention}, {@code member_joined_channel}, {@code tokens_revoked},
 * {@code app_uninstalled}) and the {@code url_verification} handshake, button presses on the skill and signal cards
 * (interactivity, form-encoded as {@code payload=<json>}), and {@code /crosslayer} slash commands.
 * <p>
 * Bodies are built as JSON trees, so any text (quotes, newlines) is escaped as Slack escapes it, and the very bytes
 * signed are the bytes sent.
 */
public final class SlackInbound {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The app id every fake callback carries (Slack's field; the service does not read it). */
    public static final String APP_ID = "A0TESTAPP";

    private SlackInbound() {
    }

    // --- the Events API ---------------------------------------------------------------------------

    /** A channel message ({@code channel_type} {@code channel}) by {@code user}, posted at {@code ts}. */
    public static Callback message(String team, String eventId, String channel, String user, String text, String ts) {
        ObjectNode event = JSON.createObjectNode().put("type", "message").put("channel", channel).put("user", user)
                .put("text", text).put("ts", ts).put("event_ts", ts).put("channel_type", "channel");
        return new Callback(team, eventId, event);
    }

    /** An {@code @mention} of the bot by {@code user} in {@code channel}; {@code text} holds the mention itself. */
    public static Callback appMention(String team, String eventId, String channel, String user, String text, String ts) {
        ObjectNode event = JSON.createObjectNode().put("type", "app_mention").put("channel", channel).put("user", user)
                .put("text", text).put("ts", ts).put("event_ts", ts);
        return new Callback(team, eventId, event);
    }

    /** {@code user} joined {@code channel}. */
    public static Callback memberJoinedChannel(String team, String eventId, String channel, String user) {
        ObjectNode event = JSON.createObjectNode().put("type", "member_joined_channel").put("channel", channel)
                .put("user", user).put("channel_type", "C").put("team", team);
        return new Callback(team, eventId, event);
    }

    /** The workspace revoked the tokens of these bot users. */
    public static Callback tokensRevoked(String team, String eventId, String... botUsers) {
        ObjectNode event = JSON.createObjectNode().put("type", "tokens_revoked");
        ObjectNode tokens = event.putObject("tokens");
        tokens.putArray("oauth");
        var bot = tokens.putArray("bot");
        for (String user : botUsers) {
            bot.add(user);
        }
        return new Callback(team, eventId, event);
    }

    /** The workspace uninstalled the app. */
    public static Callback appUninstalled(String team, String eventId) {
        return new Callback(team, eventId, JSON.createObjectNode().put("type", "app_uninstalled"));
    }

    /** The handshake Slack sends when an Events API URL is set: the service must answer the {@code challenge}. */
    public static String urlVerification(String challenge) {
        return JSON.createObjectNode().put("token", "unused").put("challenge", challenge)
                .put("type", "url_verification").toString();
    }

    /** An {@code event_callback} envelope around one event; {@link #json()} is the body Slack would send. */
    public static final class Callback {
        private final ObjectNode envelope = JSON.createObjectNode();
        private final ObjectNode event;

        private Callback(String team, String eventId, ObjectNode event) {
            this.event = event;
            envelope.put("token", "unused").put("team_id", team).put("api_app_id", APP_ID);
            envelope.set("event", event);
            envelope.put("type", "event_callback").put("event_id", eventId).put("event_time", Instant.now().getEpochSecond());
        }

        /** In the thread that {@code threadTs} started. */
        public Callback inThread(String threadTs) {
            event.put("thread_ts", threadTs);
            return this;
        }

        /** Delivered to the app whose bot user is {@code botUser} ({@code authorizations}, as Slack adds it). */
        public Callback toBot(String botUser) {
            envelope.putArray("authorizations").addObject()
                    .put("team_id", envelope.path("team_id").asText()).put("user_id", botUser).put("is_bot", true);
            return this;
        }

        /** Sent at {@code epochSecond} ({@code event_time}). */
        public Callback at(long epochSecond) {
            envelope.put("event_time", epochSecond);
            return this;
        }

        public String json() {
            return envelope.toString();
        }

        @Override
        public String toString() {
            return json();
        }
    }

    // --- interactivity: buttons on the cards -------------------------------------------------------

    /**
     * A press of the button {@code actionId} ({@code skill_approve}, {@code skill_discard}, {@code signal_ack}, …)
     * carrying {@code value} (the skill's or signal's id), by {@code user}, on the card posted at {@code messageTs}
     * in {@code channel}: the {@code block_actions} payload's JSON.
     */
    public static String buttonPress(String team, String user, String channel, String messageTs, String actionId,
                                     String value) {
        return buttonPress(team, user, channel, messageTs, "card", actionId, value);
    }

    /** A press of {@code actionId} on a card the Slack fake saw posted (Slack sends the card's text back with it). */
    public static String buttonPress(String team, String user, SlackFake.Post card, String actionId, String value) {
        return buttonPress(team, user, card.channel(), card.ts(), card.text() == null ? "" : card.text(), actionId, value);
    }

    private static String buttonPress(String team, String user, String channel, String messageTs, String messageText,
                                      String actionId, String value) {
        ObjectNode payload = JSON.createObjectNode().put("type", "block_actions");
        payload.putObject("team").put("id", team);
        payload.putObject("user").put("id", user).put("team_id", team);
        payload.put("api_app_id", APP_ID);
        payload.putObject("container").put("type", "message").put("message_ts", messageTs).put("channel_id", channel)
                .put("is_ephemeral", false);
        payload.putObject("channel").put("id", channel);
        payload.putObject("message").put("type", "message").put("ts", messageTs).put("text", messageText);
        payload.putArray("actions").addObject().put("action_id", actionId).put("value", value).put("type", "button")
                .put("action_ts", Instant.now().getEpochSecond() + ".000100");
        return payload.toString();
    }

    // --- slash commands ----------------------------------------------------------------------------

    /** {@code /crosslayer <text>} typed by {@code user} in {@code channel} (none when {@code null}): the form's fields. */
    public static Map<String, String> slashCommand(String team, String user, String channel, String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("team_id", team);
        fields.put("user_id", user);
        if (channel != null) {
            fields.put("channel_id", channel);
        }
        fields.put("command", "/crosslayer");
        fields.put("text", text);
        return fields;
    }

    // --- sending, signed now ------------------------------------------------------------------------

    /** {@code POST /slack/events}, signed as Slack signs it. */
    public static WebTestClient.ResponseSpec send(WebTestClient http, Callback callback) {
        return sendEvent(http, callback.json());
    }

    /** {@code POST /slack/events} of any body (the handshake, a hand-made event), signed as Slack signs it. */
    public static WebTestClient.ResponseSpec sendEvent(WebTestClient http, String body) {
        return Integrations.signedSlackEvent(http, SlackFake.SIGNING_SECRET, Instant.now().getEpochSecond(), body);
    }

    /** {@code POST /slack/interactions} of {@code payload=<json>}, signed. */
    public static WebTestClient.ResponseSpec interact(WebTestClient http, String payload) {
        return Integrations.signedSlackForm(http, "/slack/interactions", SlackFake.SIGNING_SECRET,
                Instant.now().getEpochSecond(), Map.of("payload", payload));
    }

    /** {@code POST /slack/commands}, signed; answers the reply's JSON (Slack shows its {@code text}). */
    public static JsonNode command(WebTestClient http, Map<String, String> fields) {
        return Integrations.signedSlackForm(http, "/slack/commands", SlackFake.SIGNING_SECRET,
                        Instant.now().getEpochSecond(), fields)
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
