package ai.crosslayer.command.slack;

import ai.crosslayer.command.provider.slack.SlackSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Slack's request signature, checked by Bolt's verifier against Slack's own published test vector. Issue #5. */
class SlackRequestsTest {

    private static final Map<String, String> VECTOR = vector();

    private static SlackRequests at(long epochSecond) {
        SlackSettings settings = new SlackSettings(null, null, VECTOR.get("signing_secret"), null, null, null, null);
        return new SlackRequests(settings, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    @Test
    void slacksPublishedTestVectorVerifies() {
        long timestamp = Long.parseLong(VECTOR.get("x_slack_request_timestamp"));
        assertThat(at(timestamp + 10).valid(VECTOR.get("x_slack_request_timestamp"), VECTOR.get("body"),
                VECTOR.get("x_slack_signature"))).isTrue();
    }

    @Test
    void aTamperedBodyAForgedSignatureOrAStaleTimestampIsRefused() {
        long timestamp = Long.parseLong(VECTOR.get("x_slack_request_timestamp"));
        String ts = VECTOR.get("x_slack_request_timestamp");
        String body = VECTOR.get("body");
        String signature = VECTOR.get("x_slack_signature");
        assertThat(at(timestamp).valid(ts, body.replace("roadrunner", "wile_e"), signature)).isFalse();
        assertThat(at(timestamp).valid(ts, body, signature.replace('a', 'b'))).isFalse();
        assertThat(at(timestamp + 5 * 60 + 1).valid(ts, body, signature)).as("more than 5 minutes later").isFalse();
        assertThat(at(timestamp - 5 * 60 - 1).valid(ts, body, signature)).as("from the future").isFalse();
        assertThat(at(timestamp).valid(null, body, signature)).isFalse();
        assertThat(at(timestamp).valid("not-a-number", body, signature)).isFalse();
        assertThat(at(timestamp).valid(ts, body, null)).isFalse();
    }

    /** Slack's published example, copied verbatim from the team's shared fixtures into test resources. */
    private static Map<String, String> vector() {
        try (InputStream in = SlackRequestsTest.class.getResourceAsStream("/slack/signature-test-vector.txt")) {
            if (in == null) {
                throw new IllegalStateException("Slack's signing test vector is missing from test resources");
            }
            Map<String, String> values = new HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
