package ai.crosslayer.command.web;

import ai.crosslayer.command.skill.domain.SkillNotFound;
import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.Problem;
import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.skill.DecideSkillCommand;
import ai.crosslayer.kernel.skill.SkillDecision;
import ai.crosslayer.kernel.skill.SkillId;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;

/**
 * {@code POST /api/skills/{id}/decision} with {@code {"approve": true}} (confirm) or {@code false} (discard): an
 * admin decides on a proposed skill from the dashboard, by the card's rule that the first decision stands (409
 * when it was decided already). It is recorded as the card's decision is ({@code SkillConfirmed} or
 * {@code SkillDiscarded}, whose stored shape is unchanged), with the event's decider being the admin: their user
 * id and email in the fields a card press fills with a Slack user id and name, and the metadata's source
 * {@code dashboard} and actor telling which kind of id it is.
 */
@RestController
class SkillDecisionRoutes {

    private final Admins admins;
    private final CommandGateway commands;
    private final Clock clock;

    SkillDecisionRoutes(Admins admins, CommandGateway commands, Clock clock) {
        this.admins = admins;
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping("/api/skills/{id}/decision")
    Mono<ResponseEntity<Void>> decide(@PathVariable String id, @RequestBody Mono<JsonNode> body, ServerWebExchange exchange) {
        return admins.requireAdmin(exchange).flatMap(admin -> body
                .switchIfEmpty(Mono.error(() -> bad("The body is missing.")))
                .flatMap(json -> Mono.fromCallable(() -> {
                    JsonNode approve = json == null ? null : json.get("approve");
                    if (approve == null || !approve.isBoolean() || json.size() != 1) {
                        throw bad("Send {\"approve\": true} to confirm the skill or {\"approve\": false} to discard it.");
                    }
                    SkillId skill = SkillId.parse(id).orElseThrow(SkillDecisionRoutes::notFound);
                    DecideSkillCommand decide;
                    try {
                        decide = new DecideSkillCommand(admin.tenantId(), skill, approve.booleanValue(), admin.userId(),
                                admin.email(), clock.instant());
                    } catch (Bounds.Exceeded e) {
                        throw new Problem(HttpStatus.BAD_REQUEST, "Cannot record this decider",
                                "The skill catalog cannot record who decided: " + e.getMessage()
                                        + " Decide from the Slack card instead.");
                    }
                    SkillDecision decision;
                    try {
                        decision = TenantScope.call(admin.tenantId(), () -> commands.sendAndWait(decide,
                                AuditContext.of(admin.tenantId(), admin.userId(), Source.DASHBOARD)));
                    } catch (SkillNotFound | AggregateNotFoundException | IncompatibleAggregateException e) {
                        // Another tenant's skill, none at all, or the id of something else of the tenant (a signal's).
                        throw notFound();
                    }
                    if (!decision.decidedNow()) {
                        throw new Problem(HttpStatus.CONFLICT, "Already decided", "This skill was already "
                                + (decision.confirmed() ? "confirmed" : "discarded") + " by " + decision.displayName()
                                + "; the first decision stands.");
                    }
                    return ResponseEntity.noContent().<Void>build();
                }).subscribeOn(Schedulers.boundedElastic())));
    }

    private static Problem bad(String detail) {
        return new Problem(HttpStatus.BAD_REQUEST, "Bad decision", detail);
    }

    private static Problem notFound() {
        return new Problem(HttpStatus.NOT_FOUND, "Not Found", "No skill of this account has that id.");
    }
}
