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

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Who may do what on the dashboard, from the tenant directory: admins change integrations, policies, roles and
 * members, and decide on skills; members may also acknowledge signals; auditors change nothing. Everyone else
 * gets 401 or 403 problem details.
 */
@Component
public class Admins {

    private final QueryGateway queries;

    Admins(QueryGateway queries) {
        this.queries = queries;
    }

    /** The signed-in caller of {@code exchange}, if they administer their tenant. */
    public Mono<SignedInMember> require(ServerWebExchange exchange) {
        return requireAdmin(exchange).map(view -> new SignedInMember(view.tenantId(), view.userId()));
    }

    /** The signed-in caller of {@code exchange} as the tenant directory knows them, if they administer their tenant. */
    public Mono<MemberView> requireAdmin(ServerWebExchange exchange) {
        return member(exchange, role -> role == MemberRole.ADMIN, () -> new Problem(HttpStatus.FORBIDDEN, "Admins only",
                "Only an admin of this account can do this. Ask one of your admins."));
    }

    /** The signed-in caller of {@code exchange}, if their role may change anything: an admin or a member, not an auditor. */
    public Mono<MemberView> requireMayChange(ServerWebExchange exchange) {
        return member(exchange, MemberRole::mayChange, () -> new Problem(HttpStatus.FORBIDDEN, "Read-only role",
                "Auditors read everything of this account and change nothing. Ask an admin for another role."));
    }

    private Mono<MemberView> member(ServerWebExchange exchange, Predicate<MemberRole> allowed, Supplier<Problem> refused) {
        return exchange.getPrincipal()
                .filter(SignedInMember.class::isInstance).cast(SignedInMember.class)
                .switchIfEmpty(Mono.error(() -> new Problem(HttpStatus.UNAUTHORIZED, "Not signed in",
                        "Sign in first: GET /auth/login (or POST /auth/dev-login in the local profile).")))
                .flatMap(member -> Mono.fromFuture(() -> TenantScope.call(member.tenantId(), () -> queries.query(
                                new FindMemberQuery(member.tenantId(), member.userId()),
                                ResponseTypes.optionalInstanceOf(MemberView.class))))
                        // The query bus answers on the calling thread, with JDBC: not on Netty's (issue 11.7).
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(Mono::justOrEmpty)
                        .filter(view -> allowed.test(view.role()))
                        .switchIfEmpty(Mono.error(refused)));
    }

}
