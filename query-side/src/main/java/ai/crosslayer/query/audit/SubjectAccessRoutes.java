package ai.crosslayer.query.audit;

import ai.crosslayer.kernel.Ids;
import ai.crosslayer.kernel.personal.DataSubject;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.kernel.tenant.SignedInMember;
import ai.crosslayer.query.Problem;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * {@code GET /api/members/{userId}/personal-data} (issue 18, item 4): every personal field the tenant's events hold
 * about the member, with the events they are in, as a downloadable JSON file ({@link SubjectAccess}). For the member
 * themself, and for an admin of the tenant (who answers the request for a member, or a former one); anyone else
 * gets 403, auditors included: they read the audit log, not a person's file. An id the tenant's events never name
 * gives a file with no fields. Streamed: memory stays bounded however long the history.
 */
@RestController
class SubjectAccessRoutes {

    private final SubjectAccess access;
    private final Clock clock;

    SubjectAccessRoutes(AuditLog log, @Qualifier("eventSerializer") Serializer events, ObjectMapper json,
                        Clock clock) {
        this.access = new SubjectAccess(log, events, json);
        this.clock = clock;
    }

    @GetMapping("/api/members/{userId}/personal-data")
    Mono<ResponseEntity<Flux<DataBuffer>>> personalData(@PathVariable String userId, ServerWebExchange exchange) {
        return exchange.getPrincipal().cast(SignedInMember.class)
                .flatMap(caller -> mayRead(caller, userId))
                .map(caller -> file(caller, lines -> access.write(caller.tenantId(), userId, clock.instant(), lines)));
    }

    /**
     * {@code GET /api/slack-users/{slackUserId}/personal-data}: the same file about a Slack user (their display names on
     * skill decisions, {@code SLACK_USER} fields), for the tenant's admins only: a Slack user has no sign-in here, so
     * an admin answers their request. 400 for an id that is not a Slack user id.
     */
    @GetMapping("/api/slack-users/{slackUserId}/personal-data")
    Mono<ResponseEntity<Flux<DataBuffer>>> slackUserPersonalData(@PathVariable String slackUserId, ServerWebExchange exchange) {
        return exchange.getPrincipal().cast(SignedInMember.class)
                .flatMap(SubjectAccessRoutes::admin)
                .flatMap(caller -> Ids.isSlackUserId(slackUserId) ? Mono.just(caller)
                        : Mono.error(new Problem(HttpStatus.BAD_REQUEST, "Not a Slack user id", Ids.SLACK_USER_ID_FORM)))
                .map(caller -> file(caller, lines -> access.write(caller.tenantId(), DataSubject.SLACK_USER, "slackUserId",
                        slackUserId, clock.instant(), lines)));
    }

    private ResponseEntity<Flux<DataBuffer>> file(SignedInMember caller, Consumer<Consumer<String>> writer) {
        Flux<DataBuffer> body = BlockingLines.stream(writer)
                .map(chunk -> DefaultDataBufferFactory.sharedInstance.wrap(chunk.getBytes(StandardCharsets.UTF_8)));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"crosslayer-personal-data-"
                        + caller.tenantId() + ".json\"")
                .body(body);
    }

    /**
     * The caller, if they are the member asked about or an admin of the tenant: by the session's role (the command
     * side's, changed in the transaction of a role change), never the tenant directory's, which trails it.
     */
    private static Mono<SignedInMember> mayRead(SignedInMember caller, String userId) {
        return caller.userId().equals(userId) ? Mono.just(caller) : admin(caller);
    }

    /** The caller, if the session's role makes them an admin of the tenant; else 403. */
    private static Mono<SignedInMember> admin(SignedInMember caller) {
        return caller.role() == MemberRole.ADMIN ? Mono.just(caller)
                : Mono.error(() -> new Problem(HttpStatus.FORBIDDEN, "Not yours to read",
                "A person's personal data is for that person and the account's admins. Ask an admin."));
    }
}
