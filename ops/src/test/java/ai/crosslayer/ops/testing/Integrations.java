package ai.crosslayer.ops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Connecting and using integrations through HTTP, as an admin's browser and Slack do, for whole-system tests. */
public final class Integrations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Integrations() {
    }

    /** Starts a Slack install as the admin of {@code session}; answers the Slack authorize URL it redirects to. */
    public static URI startSlackInstall(WebTestClient http, String session) {
        return http.get().uri("/slack/install").cookie("crosslayer_session", session).exchange()
                .expectStatus().isFound().returnResult(Void.class).getResponseHeaders().getLocation();
    }

    public static URI startGitHubInstall(WebTestClient http, String session) {
        return http.get().uri("/github/install").cookie("crosslayer_session", session).exchange()
                .expectStatus().isFound().returnResult(Void.class).getResponseHeaders().getLocation();
    }

    public static String stateOf(URI authorize) {
        return UriComponentsBuilder.fromUri(authorize).build().getQueryParams().getFirst("state");
    }

    /** The provider's redirect back to the service. */
    public static WebTestClient.ResponseSpec callback(WebTestClient http, String provider, String session, String code,
                                                      String state) {
        return http.get().uri("/" + provider + "/oauth/callback?code={code}&state={state}", code, state)
                .cookie("crosslayer_session", session).exchange();
    }

    /** A whole Slack install: answers the new (or reinstalled) integration's id. */
    public static String connectSlack(WebTestClient http, String session, SlackFake slack, String code, SlackFake.Team team) {
        String state = stateOf(startSlackInstall(http, session));
        slack.willInstall(code, team);
        return integrationIdOf(callback(http, "slack", session, code, state));
    }

    public static String connectGitHub(WebTestClient http, String session, GitHubFake github, String code, GitHubFake.User user) {
        String state = stateOf(startGitHubInstall(http, session));
        github.willAuthorize(code, user);
        return integrationIdOf(callback(http, "github", session, code, state));
    }

    /** A successful callback: 303 to the new integration's page. */
    public static String integrationIdOf(WebTestClient.ResponseSpec callback) {
        URI location = callback.expectStatus().isSeeOther().returnResult(Void.class).getResponseHeaders().getLocation();
        assertThat(location).isNotNull();
        assertThat(location.getPath()).startsWith("/api/integrations/");
        return location.getPath().substring("/api/integrations/".length());
    }

    /**
     * Sets the tenant's policy through {@code PUT /api/governance} as its admin: passive capture in
     * {@code captureChannels}, and who may approve ({@code ANYONE}, {@code ADMINS_AND_LISTED}, {@code LISTED}).
     */
    public static void policy(WebTestClient http, String admin, List<String> captureChannels, String approvers) {
        int revision = readPolicy(http, admin).path("revision").asInt();
        putPolicyWhenCurrent(http, admin, Map.of("passiveCaptureChannels", captureChannels, "approvers", approvers));
        // The policy is read from its read model: wait until it shows the change.
        await().atMost(Duration.ofSeconds(5)).until(() -> readPolicy(http, admin).path("revision").asInt() > revision);
    }

    /** {@code GET /api/governance} as {@code session}. */
    public static ObjectNode readPolicy(WebTestClient http, String session) {
        return (ObjectNode) http.get().uri("/api/governance").cookie("crosslayer_session", session).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /**
     * The dashboard's round trip: {@code GET /api/governance}, {@code edits} put into its {@code settings}, and the
     * whole of it sent back with {@code PUT} — at {@code revision}, or at the revision read when {@code null}.
     */
    public static WebTestClient.ResponseSpec putPolicy(WebTestClient http, String session, Integer revision,
                                                       Map<String, ?> edits) {
        ObjectNode policy = readPolicy(http, session);
        ObjectNode settings = (ObjectNode) policy.path("settings");
        edits.forEach((name, value) -> settings.set(name, JSON.valueToTree(value)));
        if (revision != null) {
            policy.put("revision", revision);
        }
        return http.put().uri("/api/governance").cookie("crosslayer_session", session)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(policy.toString()).exchange();
    }

    /**
     * {@link #putPolicy} at the revision read, sent again while it answers 409: the read model trails the policy
     * by a moment (a streaming processor's poll), and a stale revision is refused, as it should be; the dashboard's
     * user would read again and resend. Answers the body of the 200.
     */
    public static JsonNode putPolicyWhenCurrent(WebTestClient http, String session, Map<String, ?> edits) {
        JsonNode[] answer = new JsonNode[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            var result = putPolicy(http, session, null, edits).expectBody(JsonNode.class).returnResult();
            if (result.getStatus().value() == 409) {
                return false;
            }
            assertThat(result.getStatus().value()).as("PUT /api/governance").isEqualTo(200);
            answer[0] = result.getResponseBody();
            return true;
        });
        return answer[0];
    }

    /** A request signed as Slack signs it: {@code v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))}. */
    public static WebTestClient.ResponseSpec signedSlackEvent(WebTestClient http, String secret, long timestamp, String body) {
        return http.post().uri("/slack/events")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Slack-Request-Timestamp", String.valueOf(timestamp))
                .header("X-Slack-Signature", slackSignature(secret, timestamp, body))
                .bodyValue(body)
                .exchange();
    }

    /** A form-encoded request signed as Slack signs it (slash commands; interactions as {@code payload=<json>}). */
    public static WebTestClient.ResponseSpec signedSlackForm(WebTestClient http, String path, String secret, long timestamp,
                                                             Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.post().uri(path)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .header("X-Slack-Request-Timestamp", String.valueOf(timestamp))
                .header("X-Slack-Signature", slackSignature(secret, timestamp, body))
                .bodyValue(body)
                .exchange();
    }

    public static String slackSignature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
