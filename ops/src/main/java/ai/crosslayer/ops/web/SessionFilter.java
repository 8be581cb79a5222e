package ai.crosslayer.ops.web;

import ai.crosslayer.command.web.MemberSessions;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.tenant.SignedInMember;
import ai.crosslayer.ops.tenancy.TenantContextPropagation;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, the middleware layer of tenant isolation: a valid session cookie of a session that is
 * still signed in ({@link MemberSessions}: one indexed lookup, off the event loop) becomes the
 * request's {@link SignedInMember} principal, and for {@code /api/**} its tenant becomes the request's
 * {@link TenantScope}, carried in the Reactor context to every thread the request runs on. The tenant
 * comes from the session only, never from a body, path or query parameter. {@code /api/**} without a
 * session answers 401 problem details and goes no further.
 */
@Component
class SessionFilter implements WebFilter, Ordered {

    /**
     * Under /api/ but for anyone: the key that lets outsiders check audit checkpoints, and the API's
     * description (the same for every tenant).
     */
    static final Set<String> PUBLIC_API = Set.of("/api/audit/public-key", "/api/audit/export-schema",
            ApiDescription.PATH, ApiDescription.PATH + ".yaml");

    private final MemberSessions sessions;

    SessionFilter(MemberSessions sessions) {
        this.sessions = sessions;
        TenantContextPropagation.install();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return sessions.signedIn(exchange.getRequest()).flatMap(member -> filter(exchange, chain, member));
    }

    private Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain, Optional<SignedInMember> member) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        String route = exchange.getRequest().getMethod().name() + " " + path;
        if (!path.startsWith("/api/") || PUBLIC_API.contains(path)) {
            // Sign-in and public routes: no tenant scope (a sign-in is placed in its tenant by TenantPlacement).
            ServerWebExchange next = member.isEmpty() ? exchange
                    : exchange.mutate().principal(Mono.just(member.get())).build();
            return chain.filter(next).contextWrite(Context.of(TenantContextPropagation.ROUTE_KEY, route));
        }
        if (member.isEmpty()) {
            return unauthorized(exchange.getResponse(), exchange.getRequest().getPath().value());
        }
        // The request's tenant: from the verified session, and from nothing else.
        TenantScope.Snapshot scope = TenantScope.call(member.get().tenantId(), TenantScope::capture);
        return chain.filter(exchange.mutate().principal(Mono.just(member.get())).build())
                .contextWrite(Context.of(TenantContextPropagation.SCOPE_KEY, scope, TenantContextPropagation.ROUTE_KEY, route));
    }

    private static Mono<Void> unauthorized(ServerHttpResponse response, String path) {
        return FilterProblems.write(response, HttpStatus.UNAUTHORIZED, "Not signed in",
                "Sign in first: GET /auth/login (or POST /auth/dev-login in the local profile).", path);
    }
}
