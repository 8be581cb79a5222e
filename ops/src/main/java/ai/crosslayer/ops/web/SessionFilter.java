package ai.crosslayer.ops.web;

import ai.crosslayer.command.tenant.signin.SessionCookies;
import ai.crosslayer.kernel.tenant.SignedInMember;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Who is calling: a valid session cookie becomes the request's {@link SignedInMember} principal, the
 * only source of its tenant (never a body, path or query parameter). {@code /api/**} without one
 * answers 401 problem details and goes no further.
 */
@Component
class SessionFilter implements WebFilter, Ordered {

    private final SessionCookies sessions;

    SessionFilter(SessionCookies sessions) {
        this.sessions = sessions;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Optional<SignedInMember> member = sessions.verify(exchange.getRequest().getCookies().getFirst(sessions.name()));
        if (member.isPresent()) {
            return chain.filter(exchange.mutate().principal(Mono.just(member.get())).build());
        }
        if (exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/api/")) {
            return unauthorized(exchange.getResponse(), exchange.getRequest().getPath().value());
        }
        return chain.filter(exchange);
    }

    private static Mono<Void> unauthorized(ServerHttpResponse response, String path) {
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = """
                {"type":"about:blank","title":"Not signed in","status":401,\
                "detail":"Sign in first: GET /auth/login (or POST /auth/dev-login in the local profile).",\
                "instance":"%s"}""".formatted(path.replace("\\", "\\\\").replace("\"", "\\\""));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
