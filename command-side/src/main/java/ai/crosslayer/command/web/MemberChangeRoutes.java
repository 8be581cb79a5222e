package ai.crosslayer.command.web;

import ai.crosslayer.kernel.Ids;
import ai.crosslayer.command.tenant.app.MemberErasure;
import ai.crosslayer.command.tenant.domain.MemberChangeRefused;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.Problem;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.tenant.ChangeMemberRoleCommand;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.kernel.tenant.RemoveMemberCommand;
import ai.crosslayer.kernel.tenant.SignedInMember;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * An admin's changes to the tenant's members: {@code PUT /api/members/{userId}/role} with {@code {"role": "ADMIN"}}
 * (or {@code MEMBER}, {@code AUDITOR}) and {@code DELETE /api/members/{userId}}, both 204. Someone who is not an
 * admin (by the command side's record, {@link Admins}) is refused at once (403); the Tenant aggregate then decides
 * again from its own state: only an admin may, the member must be one of the tenant's (404
 * otherwise, also for another tenant's), and the last admin stays one (409). A removal ends the member's sessions
 * in the transaction that records it. {@code DELETE /api/members/{userId}/personal-data} erases a person (204), and
 * {@code DELETE /api/slack-users/{slackUserId}/personal-data} a Slack user who is not a member (204; 400 for an id
 * that is not a Slack user id, 404 when the tenant holds no personal data about them).
 */
@RestController
class MemberChangeRoutes {

    private static final String ROLES = Arrays.stream(MemberRole.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private final Admins admins;
    private final CommandGateway commands;
    private final MemberErasure erasure;
    private final Clock clock;

    MemberChangeRoutes(Admins admins, CommandGateway commands, MemberErasure erasure, Clock clock) {
        this.admins = admins;
        this.commands = commands;
        this.erasure = erasure;
        this.clock = clock;
    }

    @PutMapping("/api/members/{userId}/role")
    Mono<ResponseEntity<Void>> changeRole(@PathVariable String userId, @RequestBody Mono<JsonNode> body,
                                          ServerWebExchange exchange) {
        return admins.require(exchange).flatMap(admin -> body
                .switchIfEmpty(Mono.error(() -> badRole("The body is missing.")))
                .flatMap(json -> blocking(() -> {
                    MemberRole role = role(json);
                    send(admin, new ChangeMemberRoleCommand(admin.tenantId(), member(userId), role, admin.userId(),
                            clock.instant()));
                    return ResponseEntity.noContent().<Void>build();
                })));
    }

    @DeleteMapping("/api/members/{userId}")
    Mono<ResponseEntity<Void>> remove(@PathVariable String userId, ServerWebExchange exchange) {
        return admins.require(exchange).flatMap(admin -> blocking(() -> {
            send(admin, new RemoveMemberCommand(admin.tenantId(), member(userId), admin.userId(), clock.instant()));
            return ResponseEntity.noContent().<Void>build();
        }));
    }

    /**
     * Erases a person's personal data (issue 18.2), 204: a current member is removed too (the last admin as well),
     * a former member's data keys are destroyed; someone the tenant never held data about is 404.
     */
    @DeleteMapping("/api/members/{userId}/personal-data")
    Mono<ResponseEntity<Void>> erase(@PathVariable String userId, ServerWebExchange exchange) {
        return admins.require(exchange).flatMap(admin -> blocking(() -> {
            refusalsAsProblems(() -> erasure.erase(admin.tenantId(), member(userId), admin.userId(), Source.DASHBOARD));
            return ResponseEntity.noContent().<Void>build();
        }));
    }

    /**
     * Erases a Slack user who is not a member (issue 18): the display names their skill decisions recorded, sealed
     * under {@code slack-user:<slackUserId>}, read as erased from then on. 204; 404 when there is no such key.
     */
    @DeleteMapping("/api/slack-users/{slackUserId}/personal-data")
    Mono<ResponseEntity<Void>> eraseSlackUser(@PathVariable String slackUserId, ServerWebExchange exchange) {
        return admins.require(exchange).flatMap(admin -> {
            if (!Ids.isSlackUserId(slackUserId)) {
                return Mono.error(new Problem(HttpStatus.BAD_REQUEST, "Not a Slack user id", Ids.SLACK_USER_ID_FORM));
            }
            return blocking(() -> {
                if (!refusalsAsProblems(() -> erasure.eraseSlackUser(admin.tenantId(), slackUserId, admin.userId(),
                        Source.DASHBOARD))) {
                    throw new Problem(HttpStatus.NOT_FOUND, "Not Found", "This account holds no personal data about Slack user "
                            + slackUserId + ": nothing was erased.");
                }
                return ResponseEntity.noContent().<Void>build();
            });
        });
    }

    private void send(SignedInMember admin, Object command) {
        refusalsAsProblems(() -> TenantScope.call(admin.tenantId(), () -> commands.sendAndWait(command,
                AuditContext.of(admin.tenantId(), admin.userId(), Source.DASHBOARD))));
    }

    private static void refusalsAsProblems(Runnable change) {
        refusalsAsProblems(() -> {
            change.run();
            return null;
        });
    }

    private static <T> T refusalsAsProblems(Supplier<T> change) {
        try {
            return change.get();
        } catch (MemberChangeRefused e) {
            throw switch (e.reason()) {
                case NOT_AN_ADMIN -> new Problem(HttpStatus.FORBIDDEN, "Admins only", e.getMessage());
                case NO_SUCH_MEMBER -> notFound();
                case LAST_ADMIN -> new Problem(HttpStatus.CONFLICT, "Last admin", e.getMessage());
            };
        } catch (ConcurrencyException e) {
            throw new Problem(HttpStatus.CONFLICT, "Members changed meanwhile",
                    "Someone changed this account's members at the same moment. Read them again (GET /api/members).");
        }
    }

    /** A user id as a path names it: anything no member could have is simply not a member. */
    private static String member(String userId) {
        if (userId == null || userId.isBlank() || userId.length() > 255 || userId.chars().anyMatch(Character::isISOControl)) {
            throw notFound();
        }
        return userId;
    }

    private static MemberRole role(JsonNode json) {
        JsonNode role = json == null ? null : json.get("role");
        if (json == null || !json.isObject() || json.size() != 1 || role == null || !role.isTextual()) {
            throw badRole("Send {\"role\": \"...\"} and nothing else.");
        }
        try {
            return MemberRole.valueOf(role.textValue());
        } catch (IllegalArgumentException e) {
            throw badRole("'role' is not a role.");
        }
    }

    private static Problem badRole(String detail) {
        return new Problem(HttpStatus.BAD_REQUEST, "Bad role change", detail + " The roles are " + ROLES + ".");
    }

    private static Problem notFound() {
        return new Problem(HttpStatus.NOT_FOUND, "Not Found",
                "This account has no member with that user id (GET /api/members lists them).");
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
