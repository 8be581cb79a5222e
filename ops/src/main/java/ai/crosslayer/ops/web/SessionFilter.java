package ai.crosslayer.ops.web;

import ai.crosslayer.command.tenant.app.MemberSessions;
import ai.crosslayer.command.tenant.app.SessionCookies;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.tenant.SignedInMember;
import ai.crosslayer.ops.tenancy.TenantContextPropagation;
import ai.crosslayer.query.CsrfToken;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, the middleware layer of tenant isolation: a valid session cookie of a session that is
 * still signed in ({@link MemberSessions}: one indexed lookup, off the event loop) becomes the
 * request's {@link SignedInMember} principal, and for {@code /api/**} its tenant becomes the request's
 * {@link TenantScope}, carried in the Reactor context to every thread the request runs on. The tenant
 * comes from the session only, never from a body, path or query parameter. {@code /api/**} without a
 * session answers 401 problem details and goes no further; the dashboard's pages ({@code /app/**}) get the
 * same tenant scope, and without a session send the browser to sign in ({@code /}).
 *
 * <p>CSRF: every state-changing request (POST, PUT, PATCH, DELETE) that a valid session cookie authenticates
 * must carry that session's token ({@link CsrfTokens}) in {@code X-CSRF-Token}, or is refused with 403 before
 * anything runs; the token is put on the exchange ({@link CsrfToken}) for the pages and {@code GET /api/me}.
 * The one exception is a sign-in ({@code POST /auth/dev-login}), which does not act with the old session but
 * starts a new one.
 */
@Component
class SessionFilter implements WebFilter, Ordered {

    /**
     * Under /api/ but for anyone: the key that lets outsiders check audit checkpoints, and the API's
     * description (the same for every tenant).
     */
    static final Set<String> PUBLIC_API = Set.of("/api/audit/public-key", "/api/audit/export-schema",
            ApiDescription.PATH, ApiDescription.PATH + ".yaml");

    /** State-changing requests that do not act with the session they may carry: a sign-in starts a new one. */
    static final Set<String> CSRF_EXEMPT = Set.of("POST /auth/dev-login");
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);

    private final MemberSessions sessions;
    private final SessionCookies cookies;
    private final CsrfTokens csrf;

    SessionFilter(MemberSessions sessions, SessionCookies cookies, @Value("${crosslayer.session-key}") String sessionKey) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.csrf = new CsrfTokens(sessionKey);
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
        if (member.isPresent()) {
            String cookie = exchange.getRequest().getCookies().getFirst(cookies.name()).getValue();
            if (!SAFE.contains(exchange.getRequest().getMethod()) && !CSRF_EXEMPT.contains(route)
                    && !csrf.matches(cookie, exchange.getRequest().getHeaders().getFirst(CsrfToken.HEADER))) {
                return FilterProblems.write(exchange.getResponse(), HttpStatus.FORBIDDEN, "CSRF token missing or wrong",
                        "Send this session's token in the X-CSRF-Token header (GET /api/me answers it as csrfToken; "
                                + "the dashboard's pages send it themselves). Reload the page if you signed in again.",
                        exchange.getRequest().getPath().value());
            }
            exchange.getAttributes().put(CsrfToken.ATTRIBUTE, csrf.of(cookie));
        }
        boolean page = path.equals("/app") || path.startsWith("/app/");
        if (page && member.isEmpty()) {
            // A page without a session: sign in first.
            exchange.getResponse().setStatusCode(HttpStatus.SEE_OTHER);
            exchange.getResponse().getHeaders().setLocation(URI.create("/"));
            return exchange.getResponse().setComplete();
        }
        if (!page && (!path.startsWith("/api/") || PUBLIC_API.contains(path))) {
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
