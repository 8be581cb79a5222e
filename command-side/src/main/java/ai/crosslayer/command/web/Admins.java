package ai.crosslayer.command.web;

import ai.crosslayer.command.support.Problem;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.tenant.FindMemberQuery;
import ai.crosslayer.kernel.tenant.MemberRole;
import ai.crosslayer.kernel.tenant.MemberView;
import ai.crosslayer.kernel.tenant.SignedInMember;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Who may change a tenant's integrations and policies: its admins. Everyone else gets 401 or 403 problem details. */
@Component
public class Admins {

    private final QueryGateway queries;

    Admins(QueryGateway queries) {
        this.queries = queries;
    }

    /** The signed-in caller of {@code exchange}, if they administer their tenant. */
    public Mono<SignedInMember> require(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .filter(SignedInMember.class::isInstance).cast(SignedInMember.class)
                .switchIfEmpty(Mono.error(() -> new Problem(HttpStatus.UNAUTHORIZED, "Not signed in",
                        "Sign in first: GET /auth/login (or POST /auth/dev-login in the local profile).")))
                .flatMap(member -> Mono.fromFuture(() -> TenantScope.call(member.tenantId(), () -> queries.query(
                                new FindMemberQuery(member.tenantId(), member.userId()),
                                ResponseTypes.optionalInstanceOf(MemberView.class))))
                        // The query bus answers on the calling thread, with JDBC: not on Netty's (issue 11.7).
                        .subscribeOn(Schedulers.boundedElastic())
                        .filter(view -> view.map(MemberView::role).orElse(null) == MemberRole.ADMIN)
                        .map(view -> member)
                        .switchIfEmpty(Mono.error(() -> new Problem(HttpStatus.FORBIDDEN, "Admins only",
                                "Only an admin of this account can do this. Ask one of your admins."))));
    }

}
