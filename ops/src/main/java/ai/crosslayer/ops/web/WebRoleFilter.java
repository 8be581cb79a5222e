package ai.crosslayer.ops.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A node without the {@code web} role ({@code CROSSLAYER_ROLES}, issue 17.1) answers its public port only for
 * the platform's probes ({@code /actuator/health/liveness} and {@code /readiness}): every other request is a
 * {@code 404} problem before anything runs, so that a worker node put behind a load balancer by mistake serves
 * nobody. Paths under {@code /actuator/} are left to their own rules (the management port serves them).
 */
@Component
class WebRoleFilter implements WebFilter, Ordered {

    private final boolean servesPublic;

    WebRoleFilter(@Value("${crosslayer.web.public:true}") boolean servesPublic) {
        this.servesPublic = servesPublic;
    }

    @Override
    public int getOrder() {
        // After the response headers and the transport rules, so that the 404 carries them too; before any request
        // text or session work.
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (servesPublic || path.startsWith("/actuator/")) {
            return chain.filter(exchange);
        }
        return FilterProblems.write(exchange.getResponse(), HttpStatus.NOT_FOUND, "Not Found",
                "This node does not serve the web role (CROSSLAYER_ROLES); send requests to a web node.", path);
    }
}
