package ai.crosslayer.query.integration;

import ai.crosslayer.kernel.integration.FindIntegrationQuery;
import ai.crosslayer.kernel.integration.FindIntegrationsQuery;
import ai.crosslayer.kernel.integration.IntegrationId;
import ai.crosslayer.kernel.integration.IntegrationView;
import ai.crosslayer.kernel.tenant.SignedInMember;
import ai.crosslayer.query.Problem;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;

/** {@code GET /api/integrations} (connected and revoked, newest first) and {@code GET /api/integrations/{id}}. */
@RestController
class IntegrationCatalogRoutes {

    private final QueryGateway queries;

    IntegrationCatalogRoutes(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/integrations")
    Mono<List<IntegrationView>> integrations(ServerWebExchange exchange) {
        return exchange.<SignedInMember>getPrincipal()
                .flatMap(member -> Mono.fromFuture(() -> queries.query(new FindIntegrationsQuery(member.tenantId()),
                                ResponseTypes.multipleInstancesOf(IntegrationView.class)))
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    @GetMapping("/api/integrations/{id}")
    Mono<IntegrationView> integration(@PathVariable String id, ServerWebExchange exchange) {
        return exchange.<SignedInMember>getPrincipal()
                .flatMap(member -> Mono.justOrEmpty(IntegrationId.parse(id))
                        .flatMap(integration -> Mono.fromFuture(() -> queries.query(
                                        new FindIntegrationQuery(member.tenantId(), integration),
                                        ResponseTypes.optionalInstanceOf(IntegrationView.class)))
                                .subscribeOn(Schedulers.boundedElastic()))
                        .flatMap(Mono::justOrEmpty))
                .switchIfEmpty(Mono.error(IntegrationCatalogRoutes::notFound));
    }

    private static Problem notFound() {
        return new Problem(HttpStatus.NOT_FOUND, "Not Found", "No integration of this account has that id.");
    }
}
