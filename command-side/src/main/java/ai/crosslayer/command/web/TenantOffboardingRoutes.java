package ai.crosslayer.command.web;

import ai.crosslayer.command.offboarding.app.TenantOffboarding;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.Problem;
import ai.crosslayer.command.tenant.domain.TenantClosed;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/tenant/offboarding} with {@code {"confirm": "<the account's name>"}}: an admin closes their
 * tenant for good (issue 18, item 3; {@link TenantOffboarding}). The name, exactly as {@code GET /api/me} shows it
 * as {@code tenantName}, is the confirmation: anything else is a 400 and does nothing. Answers 200 with what was
 * done; the caller's session, like every other, has ended with it.
 */
@RestController
class TenantOffboardingRoutes {

    private final Admins admins;
    private final TenantOffboarding offboarding;

    TenantOffboardingRoutes(Admins admins, TenantOffboarding offboarding) {
        this.admins = admins;
        this.offboarding = offboarding;
    }

    @PostMapping("/api/tenant/offboarding")
    Mono<ResponseEntity<Map<String, Object>>> offboard(@RequestBody Mono<JsonNode> body, ServerWebExchange exchange) {
        return admins.requireAdmin(exchange).flatMap(admin -> body
                .switchIfEmpty(Mono.error(() -> unconfirmed("The body is missing.")))
                .flatMap(json -> {
                    JsonNode confirm = json.get("confirm");
                    if (!json.isObject() || json.size() != 1 || confirm == null || !confirm.isTextual()) {
                        return Mono.error(unconfirmed("Send {\"confirm\": \"<the account's name>\"} and nothing else."));
                    }
                    if (!confirm.textValue().equals(admin.tenantName())) {
                        return Mono.error(unconfirmed("'confirm' is not this account's name."));
                    }
                    return Mono.fromCallable(() -> {
                        try {
                            TenantOffboarding.Offboarded done = offboarding.offboard(admin.tenantId(), admin.userId(),
                                    Source.DASHBOARD);
                            Map<String, Object> answer = new LinkedHashMap<>();
                            answer.put("integrationsRevoked", done.integrationsRevoked());
                            answer.put("providerConfirmed", done.providerConfirmed());
                            answer.put("providerFailed", done.providerFailed());
                            answer.put("checkpointedEvent", done.checkpointedEvent().isPresent()
                                    ? done.checkpointedEvent().getAsLong() : null);
                            answer.put("checkpointProblem", done.checkpointProblem());
                            return ResponseEntity.ok(answer);
                        } catch (TenantClosed e) {
                            throw new Problem(HttpStatus.CONFLICT, "Already offboarded", e.getMessage());
                        }
                    }).subscribeOn(Schedulers.boundedElastic());
                }));
    }

    private static Problem unconfirmed(String detail) {
        return new Problem(HttpStatus.BAD_REQUEST, "Offboarding not confirmed", detail
                + " Offboarding deletes this account's integrations, members' sessions and read models for good:"
                + " confirm it with the account's name, as GET /api/me shows it (tenantName).");
    }
}
