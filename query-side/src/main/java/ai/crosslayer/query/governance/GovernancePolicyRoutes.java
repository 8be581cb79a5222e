package ai.crosslayer.query.governance;

import ai.crosslayer.kernel.governance.FindGovernanceQuery;
import ai.crosslayer.kernel.governance.GovernanceView;
import ai.crosslayer.kernel.tenant.SignedInMember;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code GET /api/governance}: the tenant's policy and its revision (send that revision back to change it). */
@RestController
class GovernancePolicyRoutes {

    private final QueryGateway queries;

    GovernancePolicyRoutes(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/governance")
    Mono<GovernanceView> policy(ServerWebExchange exchange) {
        return exchange.<SignedInMember>getPrincipal()
                .flatMap(member -> Mono.fromFuture(() -> queries.query(new FindGovernanceQuery(member.tenantId()),
                                ResponseTypes.instanceOf(GovernanceView.class)))
                        .subscribeOn(Schedulers.boundedElastic()));
    }
}
