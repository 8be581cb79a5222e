package ai.crosslayer.ops.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The first thing every request meets:
 * <ul>
 *   <li>{@code Forwarded}/{@code X-Forwarded-*} headers are applied only when the request comes from a
 *       configured proxy ({@code CROSSLAYER_TRUSTED_PROXIES}); from anyone else they are removed;</li>
 *   <li>outside the local profile, a plain-HTTP request is redirected to HTTPS (308) on the host of
 *       {@code CROSSLAYER_PUBLIC_URL} — never the request's {@code Host}, which anyone can write — except
 *       the liveness and readiness probes, which a platform sends to the pod directly, and the management
 *       port (loopback or an internal network; Spring applies these filters to it too);</li>
 *   <li>every response carries HSTS.</li>
 * </ul>
 */
@Component
class TransportSecurityFilter implements WebFilter, Ordered {

    static final String HSTS = "max-age=31536000; includeSubDomains";

    private final TrustedProxies proxies;
    private final boolean local;
    private final URI publicUrl;
    private final int managementPort;
    private final ForwardedHeaderTransformer apply = new ForwardedHeaderTransformer();
    private final ForwardedHeaderTransformer strip = new ForwardedHeaderTransformer();

    TransportSecurityFilter(@Value("${crosslayer.trusted-proxies:}") String trustedProxies,
                            @Value("${crosslayer.local-profile}") boolean local,
                            @Value("${crosslayer.public-url}") URI publicUrl,
                            @Value("${management.server.port:-1}") int managementPort) {
        this.proxies = TrustedProxies.parse(trustedProxies);
        this.publicUrl = publicUrl;
        this.managementPort = managementPort;
        this.local = local;
        this.strip.setRemoveOnly(true);
    }

    @Override
    public int getOrder() {
        // Right after ResponseHeadersFilter, so that a redirect carries its headers too.
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getResponse().getHeaders().set("Strict-Transport-Security", HSTS);
        ServerHttpRequest request = exchange.getRequest();
        InetSocketAddress peer = request.getRemoteAddress();
        boolean fromProxy = peer != null && proxies.trusts(peer.getAddress());
        ServerHttpRequest seen = (fromProxy ? apply : strip).apply(request);
        if (!local && !"https".equals(seen.getURI().getScheme()) && !isHealthProbe(seen) && !onManagementPort(request)) {
            URI secure = UriComponentsBuilder.fromUri(seen.getURI())
                    .scheme("https").host(publicUrl.getHost()).port(publicUrl.getPort()).build(true).toUri();
            exchange.getResponse().setStatusCode(HttpStatus.PERMANENT_REDIRECT);
            exchange.getResponse().getHeaders().setLocation(secure);
            return exchange.getResponse().setComplete();
        }
        return chain.filter(exchange.mutate().request(seen).build());
    }

    private boolean onManagementPort(ServerHttpRequest request) {
        InetSocketAddress local = request.getLocalAddress();
        return local != null && local.getPort() == managementPort;
    }

    private static boolean isHealthProbe(ServerHttpRequest request) {
        String path = request.getPath().pathWithinApplication().value();
        return path.equals("/actuator/health/liveness") || path.equals("/actuator/health/readiness");
    }
}
