package ai.crosslayer.query.signal;

import ai.crosslayer.kernel.signal.FindSignalsQuery;
import ai.crosslayer.kernel.signal.SignalKind;
import ai.crosslayer.kernel.signal.SignalState;
import ai.crosslayer.kernel.signal.SignalView;
import ai.crosslayer.kernel.tenant.SignedInMember;
import ai.crosslayer.query.Instants;
import ai.crosslayer.query.Problem;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/signals?kind=CONFLICT&state=dead-letter&since=…&until=…&limit=n}: the tenant's signals,
 * newest first.
 */
@RestController
class SignalRoutes {

    private final QueryGateway queries;

    SignalRoutes(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/signals")
    Mono<List<SignalView>> signals(@RequestParam(required = false) String kind, @RequestParam(required = false) String state,
                                   @RequestParam(required = false) String since, @RequestParam(required = false) String until,
                                   @RequestParam(required = false) Integer limit, ServerWebExchange exchange) {
        SignalKind which;
        Instant from;
        Instant to;
        try {
            which = kind == null ? null : SignalKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            return Mono.error(bad("'kind' must be one of SKILL_DRIFT, CONFLICT, WAITING_FOR_REVIEW, INTEGRATION_HEALTH."));
        }
        SignalState where = SignalState.fromWire(state).orElse(null);
        if (state != null && where == null) {
            return Mono.error(bad("'state' must be one of " + SignalState.words() + "."));
        }
        try {
            from = Instants.parse("since", since);
            to = Instants.parse("until", until);
        } catch (Instants.Refused e) {
            return Mono.error(bad(e.getMessage()));
        }
        if (limit != null && (limit < 1 || limit > SignalBoardQueries.MAX_LIMIT)) {
            return Mono.error(bad("'limit' must be between 1 and " + SignalBoardQueries.MAX_LIMIT + "."));
        }
        return exchange.<SignedInMember>getPrincipal()
                .flatMap(member -> Mono.fromFuture(() -> queries.query(new FindSignalsQuery(member.tenantId(), which, where,
                                from, to, limit == null ? 100 : limit), ResponseTypes.multipleInstancesOf(SignalView.class)))
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    private static Problem bad(String detail) {
        return new Problem(HttpStatus.BAD_REQUEST, "Bad signals request", detail);
    }
}
