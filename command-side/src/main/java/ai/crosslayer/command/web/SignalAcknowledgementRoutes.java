package ai.crosslayer.command.web;

import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.support.Problem;
import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.signal.AcknowledgeSignalCommand;
import ai.crosslayer.kernel.signal.SignalId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;

/**
 * {@code POST /api/signals/{id}/acknowledge}: a member or an admin (not an auditor) acknowledges a signal from the
 * dashboard; 204, also when it was acknowledged already (the first acknowledgement counts, as on the card). The
 * event's acknowledger is the member's user id, with source {@code dashboard} in the metadata.
 */
@RestController
class SignalAcknowledgementRoutes {

    private final Admins admins;
    private final CommandGateway commands;
    private final Clock clock;

    SignalAcknowledgementRoutes(Admins admins, CommandGateway commands, Clock clock) {
        this.admins = admins;
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping("/api/signals/{id}/acknowledge")
    Mono<ResponseEntity<Void>> acknowledge(@PathVariable String id, ServerWebExchange exchange) {
        return admins.requireMayChange(exchange).flatMap(member -> Mono.fromCallable(() -> {
            SignalId signal = SignalId.parse(id).orElseThrow(SignalAcknowledgementRoutes::notFound);
            AcknowledgeSignalCommand acknowledge;
            try {
                acknowledge = new AcknowledgeSignalCommand(member.tenantId(), signal, member.userId(), clock.instant());
            } catch (Bounds.Exceeded e) {
                throw new Problem(HttpStatus.BAD_REQUEST, "Cannot record this acknowledger",
                        "The signal board cannot record who acknowledged: " + e.getMessage()
                                + " Acknowledge from the Slack card instead.");
            }
            try {
                TenantScope.call(member.tenantId(), () -> commands.sendAndWait(acknowledge,
                        AuditContext.of(member.tenantId(), member.userId(), Source.DASHBOARD)));
            } catch (IllegalArgumentException | AggregateNotFoundException | IncompatibleAggregateException e) {
                // The Signal aggregate answers another tenant's signal as "no such signal" (IllegalArgumentException);
                // the id of something else of the tenant (a skill's) cannot be loaded as a signal.
                throw notFound();
            }
            return ResponseEntity.noContent().<Void>build();
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    private static Problem notFound() {
        return new Problem(HttpStatus.NOT_FOUND, "Not Found", "No signal of this account has that id.");
    }
}
