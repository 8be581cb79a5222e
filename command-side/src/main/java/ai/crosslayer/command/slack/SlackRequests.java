package ai.crosslayer.command.slack;

import ai.crosslayer.command.support.Problem;
import ai.crosslayer.command.provider.slack.SlackSettings;
import com.slack.api.app_backend.SlackSignature;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The gate of every request from Slack: the raw body is read, and its {@code X-Slack-Signature} checked
 * with the signing secret by Bolt's own verifier (HMAC-SHA256 over {@code v0:timestamp:body}, and a
 * timestamp at most 5 minutes from now) before anything is parsed or stored. A request that fails gets
 * 401 problem details and nothing else happens.
 */
@Component
public class SlackRequests {

    /** Slack's events are small; a body past this is not from Slack. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** How far a request's timestamp may be from now, either way. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private final SlackSettings settings;
    private final SlackSignature.Verifier verifier;
    private final Clock clock;

    SlackRequests(SlackSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.verifier = settings.signingConfigured()
                ? new SlackSignature.Verifier(new SlackSignature.Generator(settings.signingSecret())) : null;
    }

    /** The raw body of a request whose signature holds; an error for any other. */
    public Mono<String> verifiedBody(ServerWebExchange exchange) {
        if (verifier == null) {
            return Mono.error(new Problem(HttpStatus.SERVICE_UNAVAILABLE, "Slack not configured",
                    "Slack requests are not accepted: CROSSLAYER_SLACK_SIGNING_SECRET is not set."));
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String timestamp = headers.getFirst(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP);
        String signature = headers.getFirst(SlackSignature.HeaderNames.X_SLACK_SIGNATURE);
        return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_BODY_BYTES)
                .map(buffer -> {
                    try {
                        return buffer.toString(StandardCharsets.UTF_8);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty("")
                .onErrorMap(DataBufferLimitException.class,
                        e -> new Problem(HttpStatus.PAYLOAD_TOO_LARGE, "Request too large", "A Slack request is at most 1 MiB."))
                .flatMap(body -> valid(timestamp, body, signature) ? Mono.just(body)
                        : Mono.error(new Problem(HttpStatus.UNAUTHORIZED, "Signature refused",
                        "The request's X-Slack-Signature does not verify, or its X-Slack-Request-Timestamp is more "
                                + "than 5 minutes from now.")));
    }

    /** Checks Slack's signature: Slack's published test vector must pass this (see the tests). */
    boolean valid(String timestamp, String body, String signature) {
        if (timestamp == null || signature == null || !timestamp.chars().allMatch(Character::isDigit)
                || timestamp.isEmpty() || timestamp.length() > 12) {
            return false;
        }
        // Bolt's verifier refuses an old timestamp; one from the future is refused here too (a replay
        // window is a window both ways).
        long skew = Math.abs(clock.millis() / 1000 - Long.parseLong(timestamp));
        return skew <= MAX_SKEW.toSeconds() && verifier.isValid(timestamp, body, signature, clock.millis());
    }

    /** The fields of a form-encoded body (Slack's slash commands and interactions). */
    public static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    /** A verified request Slack sent in a shape we do not read: 400 problem details. */
    public static Problem badRequest(String detail) {
        return new Problem(HttpStatus.BAD_REQUEST, "Bad Slack request", detail);
    }

}
