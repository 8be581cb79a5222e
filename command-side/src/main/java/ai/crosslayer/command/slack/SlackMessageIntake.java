package ai.crosslayer.command.slack;

import ai.crosslayer.command.governance.app.Governance;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.skill.domain.DirectMessages;
import ai.crosslayer.command.skill.store.SlackInbox;
import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;

/**
 * What the bot reads, decided at the door of {@code /slack/events} (after the signature, before anything is
 * stored): {@code app_mention}s, and {@code message}s in public channels (threads included) written by people.
 * Plain messages only in channels where the tenant's policy allows passive capture. Direct and group messages
 * (by channel type or by channel id prefix) are dropped unstored and only counted; bot messages, the bot's own
 * included, and edits, joins and other subtypes are ignored. What is kept goes to the sealed inbox, once per
 * event id.
 */
@Component
public class SlackMessageIntake {

    /** Message subtypes that are still a person saying something. */
    private static final Set<String> SPOKEN = Set.of("thread_broadcast", "file_share");

    private static final Logger log = LoggerFactory.getLogger(SlackMessageIntake.class);

    private final SlackInbox inbox;
    private final TokenVault vault;
    private final Counter directMessages;
    private final Counter ignored;
    private final Counter accepted;
    private final Counter retries;
    private final Counter passiveCaptureOff;
    private final Governance governance;

    SlackMessageIntake(SlackInbox inbox, TokenVault vault, Governance governance, MeterRegistry meters) {
        this.inbox = inbox;
        this.vault = vault;
        this.governance = governance;
        this.passiveCaptureOff = meters.counter("crosslayer.slack.events", "outcome", "passive-capture-off");
        this.directMessages = meters.counter("crosslayer.slack.events", "outcome", "dropped-direct-message");
        this.ignored = meters.counter("crosslayer.slack.events", "outcome", "ignored");
        this.accepted = meters.counter("crosslayer.slack.events", "outcome", "accepted");
        this.retries = meters.counter("crosslayer.slack.events", "outcome", "duplicate");
    }

    /** Whether this event type is one the bot reads (the rest are none of the inbox's business). */
    public static boolean reads(String eventType) {
        return "message".equals(eventType) || "app_mention".equals(eventType);
    }

    /** Takes in one verified {@code event_callback} of type message or app_mention. Blocking (one short transaction). */
    public void accept(JsonNode envelope) {
        JsonNode event = envelope.path("event");
        String type = event.path("type").asText();
        String channelType = event.path("channel_type").asText("");
        if (DirectMessages.isDirect(channelType, event.path("channel").asText(""))) {
            directMessages.increment(); // counted, never stored, never read
            return;
        }
        // Ids and timestamps go to the inbox and then to the skill catalog: refused here, before anything is
        // stored, if they could not be stored there (issue 11, item 2).
        try {
            Bounds.text("team_id", envelope.path("team_id").asText(""), Bounds.SLACK_ID);
            for (String field : List.of("channel", "user", "ts", "thread_ts")) {
                Bounds.text("event." + field, event.path(field).asText(""), Bounds.SLACK_ID);
            }
        } catch (Bounds.Exceeded e) {
            throw SlackRequests.badRequest(e.getMessage());
        }
        boolean fromBot = event.hasNonNull("bot_id") || "bot_message".equals(event.path("subtype").asText(null));
        String subtype = event.path("subtype").asText(null);
        if (fromBot || (subtype != null && !SPOKEN.contains(subtype)) || event.path("text").asText("").isBlank()) {
            ignored.increment();
            return;
        }
        if ("message".equals(type) && !"channel".equals(channelType)) {
            ignored.increment();
            return;
        }
        String botUserId = envelope.path("authorizations").path(0).path("user_id").asText("");
        if ("message".equals(type) && !botUserId.isEmpty() && event.path("text").asText().contains("<@" + botUserId + ">")) {
            ignored.increment(); // the app_mention of the same message does the work
            return;
        }
        String teamId = envelope.path("team_id").asText();
        var holder = vault.holderOfSlackTeam(teamId);
        if (holder.isEmpty()) {
            log.info("Slack event {} for team {}, which no tenant holds: nothing stored", envelope.path("event_id").asText(), teamId);
            return;
        }
        TenantId tenant = holder.get().tenantId();
        if ("message".equals(type) && !governance.of(tenant).passiveCaptureChannels().contains(event.path("channel").asText())) {
            // Passive capture is off in this channel: the bot answers mentions there, and reads nothing else.
            passiveCaptureOff.increment();
            return;
        }
        SlackInbox.Entry entry = new SlackInbox.Entry(envelope.path("event_id").asText(), type, teamId,
                event.path("channel").asText(), event.path("user").asText(null), event.path("ts").asText(),
                event.path("thread_ts").asText(null), event.path("text").asText());
        if (inbox.accept(tenant, entry)) {
            accepted.increment();
        } else {
            retries.increment();
        }
    }
}
