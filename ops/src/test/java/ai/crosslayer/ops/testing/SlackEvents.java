package ai.crosslayer.ops.testing;

import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Slack's Events API as Slack calls a service that runs in a process of its own ({@link ServiceProcess}), which a
 * test may kill mid-request, and what became of the messages in the event store.
 */
public final class SlackEvents {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SlackEvents() {
    }

    /**
     * A channel message from {@code U0ADA}, signed with {@link SlackFake#SIGNING_SECRET}; answers whether the service
     * acknowledged it ({@code 200}). A service killed before answering has not: Slack would send it again.
     */
    public static boolean message(ServiceProcess service, String team, String channel, String text, String ts,
                                  String eventId, long eventTime) {
        String body = SlackInbound.message(team, eventId, channel, "U0ADA", text, ts).at(eventTime).json();
        long timestamp = Instant.now().getEpochSecond();
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/slack/events"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
                    .header("X-Slack-Signature", Integrations.slackSignature(SlackFake.SIGNING_SECRET, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                System.out.println("Slack event " + eventId + " not acknowledged: " + answer.statusCode() + " " + answer.body());
            }
            return answer.statusCode() == 200;
        } catch (IOException killed) {
            System.out.println("Slack event " + eventId + " not acknowledged: " + killed);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Per Slack message ({@code ts}), how many {@code SkillExtracted} events the store holds (as its owner reads it).
     * The event's source is sealed (issue 18): the message is the skill catalog's, joined by skill id, so a skill
     * counts once the catalog lists it.
     */
    public static Map<String, Long> extractedPerMessage(JdbcTemplate owner) {
        return owner.queryForList("SELECT c.message_ts AS ts, count(*) AS n FROM domain_event_entry e "
                        + "JOIN skill_catalog c ON c.tenant_id = e.tenant_id AND c.skill_id = e.aggregate_identifier "
                        + "WHERE e.payload_type LIKE '%.SkillExtracted' GROUP BY 1")
                .stream().collect(Collectors.toMap(row -> (String) row.get("ts"), row -> ((Number) row.get("n")).longValue()));
    }
}
