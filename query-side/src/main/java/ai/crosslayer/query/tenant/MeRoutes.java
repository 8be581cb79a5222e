package ai.crosslayer.query.tenant;

import ai.crosslayer.kernel.tenant.FindMemberQuery;
import ai.crosslayer.kernel.tenant.MemberView;
import ai.crosslayer.kernel.tenant.SignedInMember;
import ai.crosslayer.query.CsrfToken;
import ai.crosslayer.query.Problem;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Optional;

/** {@code GET /api/me}: who am I, in which tenant, with which role; and my session's CSRF token. */
@RestController
class MeRoutes {

    private final QueryGateway queries;

    MeRoutes(QueryGateway queries) {
        this.queries = queries;
    }

    /** The member, and the token a script sends back in {@code X-CSRF-Token} with every change it makes. */
    record Me(@JsonUnwrapped MemberView member, String csrfToken) {
    }

    @GetMapping("/api/me")
    Mono<Me> me(ServerWebExchange exchange) {
        return exchange.<SignedInMember>getPrincipal()
                .flatMap(member -> Mono.fromFuture(() -> queries.query(
                                new FindMemberQuery(member.tenantId(), member.userId()),
                                ResponseTypes.optionalInstanceOf(MemberView.class)))
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(Mono::justOrEmpty)
                        // The role the checks ask: the session's, not the directory's, which trails role changes.
                        .map(view -> new Me(view.withRole(member.role()), CsrfToken.of(exchange))))
                // A session whose member or tenant is no longer in the directory proves nothing.
                .switchIfEmpty(Mono.error(MeRoutes::notAMember));
    }

    private static Problem notAMember() {
        return new Problem(HttpStatus.UNAUTHORIZED, "Not signed in",
                "Your session does not belong to a current member of a tenant. Sign in again at /auth/login.");
    }
}
