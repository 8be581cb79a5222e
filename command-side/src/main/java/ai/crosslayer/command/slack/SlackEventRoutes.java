package ai.crosslayer.command.slack;

import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.ClosedTenant;
import ai.crosslayer.command.support.Problem;
import ai.crosslayer.command.integration.app.Revocations;
import ai.crosslayer.command.integration.store.TokenVault;
import ai.crosslayer.command.provider.slack.SlackSettings;
import ai.crosslayer.kernel.integration.RevocationReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /slack/events}, Slack's Events API. Only a request whose signature verifies is read. It
 * answers the {@code url_verification} handshake; messages and mentions go to the sealed inbox
 * ({@link SlackMessageIntake}) before the 200; and when Slack says first that the app was uninstalled
 * or its bot token revoked, deletes the workspace's token the same way a disconnect does (in either
 * order, any number of times). The team id of the verified request selects the tenant; an unknown team
 * gets 200 with nothing done, so that Slack does not retry forever.
 */
@RestController
class SlackEventRoutes {

    private static final Logger log = LoggerFactory.getLogger(SlackEventRoutes.class);
    /**
     * Where ack deadlines fire: a thread of their own, not Reactor's parallel timer. Giving up cancels the commit's
     * task (its executor's lock, contended under load) and logs, which must not park a non-blocking thread (issue
     * 11.7); nor may the deadline wait behind the bounded elastic threads it guards.
     */
    private static final Scheduler ACK_DEADLINES = Schedulers.fromExecutorService(
            Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "slack-ack-deadlines");
                thread.setDaemon(true);
                return thread;
            }), "slack-ack-deadlines");

    private final SlackRequests requests;
    private final TokenVault vault;
    private final Revocations revocations;
    private final SlackMessageIntake intake;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration ackWithin;

    SlackEventRoutes(SlackRequests requests, TokenVault vault, Revocations revocations, SlackMessageIntake intake,
                     SlackSettings settings) {
        this.ackWithin = settings.ackWithin();
        this.requests = requests;
        this.vault = vault;
        this.revocations = revocations;
        this.intake = intake;
        // Events are parsed on Netty's event loop: Jackson finds and caches its tree deserializer at the first parse,
        // under a lock that concurrent first requests would park on (BlockHound caught it at 400 events/s). Done here,
        // every later parse reads the cache without a lock.
        parse("{}");
    }

    @PostMapping("/slack/events")
    Mono<ResponseEntity<?>> events(ServerWebExchange exchange) {
        return requests.verifiedBody(exchange).flatMap(body -> {
            JsonNode envelope = parse(body);
            String type = envelope.path("type").asText();
            if ("url_verification".equals(type)) {
                return Mono.just(ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of("challenge", envelope.path("challenge").asText())));
            }
            if (!"event_callback".equals(type)) {
                return Mono.just(ResponseEntity.ok().build());
            }
            String teamId = envelope.path("team_id").asText();
            JsonNode event = envelope.path("event");
            if (SlackMessageIntake.reads(event.path("type").asText()) && !envelope.path("event_id").asText("").isBlank()) {
                // Committed to the sealed inbox before the 200; the work happens after the ack.
                return committed(Mono.fromRunnable(() -> intake.accept(envelope)), envelope);
            }
            RevocationReason reason = switch (event.path("type").asText()) {
                case "app_uninstalled" -> RevocationReason.APP_UNINSTALLED;
                // Only the bot token is ours: a revoked user token (tokens.oauth) leaves the bot working.
                case "tokens_revoked" -> event.path("tokens").path("bot").isEmpty() ? null : RevocationReason.TOKENS_REVOKED;
                default -> null;
            };
            if (reason == null) {
                return Mono.just(ResponseEntity.ok().build());
            }
            return committed(Mono.fromRunnable(() -> revokeWorkspace(teamId, reason)), envelope);
        });
    }

    /**
     * 200 once {@code work} (blocking, on bounded elastic threads) has committed; 503 with {@code Retry-After} as soon
     * as it fails for want of the database, or has not committed within {@code ack-within} (issue 19): Slack then
     * retries, which is safe since nothing was acknowledged, and a commit that lands late makes the retry a duplicate.
     * An event of a workspace whose tenant was offboarded while it was in hand is acknowledged and not stored, as an
     * event of a workspace no tenant holds is (issue 18.3): the database refuses it, and a retry would only be refused
     * again.
     */
    private Mono<ResponseEntity<?>> committed(Mono<Object> work, JsonNode envelope) {
        return work.subscribeOn(Schedulers.boundedElastic())
                .timeout(ackWithin, ACK_DEADLINES)
                .<ResponseEntity<?>>thenReturn(ResponseEntity.ok().build())
                .onErrorResume(ClosedTenant::refused, e -> {
                    log.info("Slack event {} acknowledged, not stored: its tenant was offboarded",
                            envelope.path("event_id").asText());
                    return Mono.just(ResponseEntity.ok().build());
                })
                .onErrorMap(e -> e instanceof TimeoutException || e instanceof DataAccessException
                        || e instanceof TransactionException, e -> {
                    log.warn("Slack event {} not acknowledged: {} (Slack will retry)", envelope.path("event_id").asText(),
                            e instanceof TimeoutException ? "no commit within " + ackWithin : e.getClass().getSimpleName());
                    Problem problem = new Problem(HttpStatus.SERVICE_UNAVAILABLE, "Cannot store events just now",
                            "The event was not stored, so it is not acknowledged; Slack retries it.");
                    problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
                    return problem;
                });
    }

    private void revokeWorkspace(String teamId, RevocationReason reason) {
        vault.holderOfSlackTeam(teamId).ifPresentOrElse(
                holder -> {
                    boolean revoked = revocations.revoke(holder.tenantId(), holder.integrationId(), reason, "slack",
                            Source.SLACK);
                    log.info("Slack {} for team {}: integration {} of tenant {} {}", reason, teamId,
                            holder.integrationId(), holder.tenantId(), revoked ? "revoked" : "was already revoked");
                },
                () -> log.info("Slack {} for team {}, which no tenant holds: nothing to do", reason, teamId));
    }

    private JsonNode parse(String body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            throw badEvent();
        }
        if (node == null || !node.isObject()) {
            throw badEvent();
        }
        return node;
    }

    private static Problem badEvent() {
        return SlackRequests.badRequest("The body of a Slack event must be a JSON object.");
    }
}
