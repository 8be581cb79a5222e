package ai.crosslayer.command.provider.slack;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The Slack app's settings ({@code CROSSLAYER_SLACK_*}). Without a client id and secret, installing is
 * "not configured"; without a signing secret, no Slack request is accepted.
 *
 * @param apiUrl       the Web API's base, {@code https://slack.com/api/} (a local fake in tests)
 * @param authorizeUrl where an admin is sent to approve the install
 * @param timeout      how long one Web API call may take ({@code crosslayer.slack.timeout}, default 10 s); a post
 *                     that takes longer is uncertain, and is looked up before it is made again
 * @param ackWithin    how long {@code /slack/events} waits for its commit before it answers 503 (Slack retries what
 *                     was not acknowledged; nothing is lost); default 1 s, well inside Slack's 3 s
 */
@ConfigurationProperties("crosslayer.slack")
public record SlackSettings(String clientId, String clientSecret, String signingSecret, URI apiUrl, URI authorizeUrl,
                            Duration timeout, Duration ackWithin) {

    /** Exactly what the bot needs, and no DM scopes (see the README's scope table). */
    public static final List<String> SCOPES = List.of(
            "app_mentions:read", "channels:history", "chat:write", "commands", "users:read");

    public SlackSettings {
        apiUrl = apiUrl == null ? URI.create("https://slack.com/api/") : apiUrl;
        authorizeUrl = authorizeUrl == null ? URI.create("https://slack.com/oauth/v2/authorize") : authorizeUrl;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        ackWithin = ackWithin == null ? Duration.ofSeconds(1) : ackWithin;
        if (timeout.isNegative() || timeout.isZero() || ackWithin.isNegative() || ackWithin.isZero()) {
            throw new IllegalArgumentException("crosslayer.slack.timeout and .ack-within must be positive");
        }
    }

    public boolean installConfigured() {
        return clientId != null && clientSecret != null;
    }

    public boolean signingConfigured() {
        return signingSecret != null;
    }

    /** The Slack SDK's prefix for Web API methods: the base URL, ending in a slash. */
    String methodsPrefix() {
        String url = apiUrl.toString();
        return url.endsWith("/") ? url : url + "/";
    }

    @Override
    public String toString() {
        return "SlackSettings[clientId=" + clientId + ", apiUrl=" + apiUrl + "]";
    }
}
