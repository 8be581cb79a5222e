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

/**
 * Who may do what on the dashboard: admins change integrations, policies, roles and members, and decide on skills;
 * members may also acknowledge signals; auditors change nothing. Everyone else gets 401 or 403 problem details.
 *
 * <p>The role asked is the principal's: the command side's record ({@code member_role}), read with the session
 * and changed in the transaction of the role change, never the tenant directory's, which trails the events (by
 * much more when its processor is stopped or a dead letter holds it back). Once a demotion or a removal has
 * answered, the former admin's next request is refused.
 */
@Component
public class Admins {

    private final QueryGateway queries;

    Admins(QueryGateway queries) {
        this.queries = queries;
    }

    /** The signed-in caller of {@code exchange}, if they administer their tenant. */
    public Mono<SignedInMember> require(ServerWebExchange exchange) {
        return caller(exchange).filter(member -> member.role() == MemberRole.ADMIN).switchIfEmpty(Mono.error(Admins::adminsOnly));
    }

    /**
     * The signed-in caller of {@code exchange} as the tenant directory shows them (for their email, their tenant's
     * name), if they administer their tenant. Their role is checked first, on the principal; the directory's role
     * is not consulted. A member the directory does not show yet is asked to try again.
     */
    public Mono<MemberView> requireAdmin(ServerWebExchange exchange) {
        return require(exchange).flatMap(admin -> Mono.fromFuture(() -> TenantScope.call(admin.tenantId(),
                        () -> queries.query(new FindMemberQuery(admin.tenantId(), admin.userId()),
                                ResponseTypes.optionalInstanceOf(MemberView.class))))
                // The query bus answers on the calling thread, with JDBC: not on Netty's (issue 11.7).
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::justOrEmpty)
                .switchIfEmpty(Mono.error(() -> new Problem(HttpStatus.SERVICE_UNAVAILABLE, "Directory catching up",
                        "The tenant directory does not show you yet; it trails sign-ins by a moment. Try again shortly."))));
    }

    /** The signed-in caller of {@code exchange}, if their role may change anything: an admin or a member, not an auditor. */
    public Mono<SignedInMember> requireMayChange(ServerWebExchange exchange) {
        return caller(exchange).filter(member -> member.role().mayChange())
                .switchIfEmpty(Mono.error(() -> new Problem(HttpStatus.FORBIDDEN, "Read-only role",
                        "Auditors read everything of this account and change nothing. Ask an admin for another role.")));
    }

    private static Mono<SignedInMember> caller(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .filter(SignedInMember.class::isInstance).cast(SignedInMember.class)
                .switchIfEmpty(Mono.error(() -> new Problem(HttpStatus.UNAUTHORIZED, "Not signed in",
                        "Sign in first: GET /auth/login (or POST /auth/dev-login in the local profile).")));
    }

    private static Problem adminsOnly() {
        return new Problem(HttpStatus.FORBIDDEN, "Admins only",
                "Only an admin of this account can do this. Ask one of your admins.");
    }
}
