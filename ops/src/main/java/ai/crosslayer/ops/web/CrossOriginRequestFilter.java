package ai.crosslayer.ops.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * A state-changing request (POST, PUT, PATCH, DELETE) sent by a browser from another site is refused
 * with 403 before anything runs: a cross-site form must not sign anyone out, nor act with their session
 * (issue 12 item 4). The browser says where a request comes from: {@code Sec-Fetch-Site} must be
 * {@code same-origin} (or {@code none}, a request the user made themselves), and an {@code Origin}, when
 * sent, must be the origin of {@code CROSSLAYER_PUBLIC_URL}. A request with neither header does not come
 * from a browser form (Slack, curl, tests): no page of another site can make a browser leave both out.
 */
@Component
class CrossOriginRequestFilter implements WebFilter, Ordered {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);
    private static final Set<String> FETCH_SITES_ALLOWED = Set.of("same-origin", "none");

    private final String publicOrigin;

    CrossOriginRequestFilter(@Value("${crosslayer.public-url}") URI publicUrl) {
        this.publicOrigin = origin(publicUrl);
    }

    @Override
    public int getOrder() {
        // After the transport filter (which settles scheme and host), before the session is looked up.
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (SAFE.contains(request.getMethod())) {
            return chain.filter(exchange);
        }
        String fetchSite = request.getHeaders().getFirst("Sec-Fetch-Site");
        if (fetchSite != null && !FETCH_SITES_ALLOWED.contains(fetchSite.toLowerCase(Locale.ROOT))) {
            return refuse(exchange.getResponse(), request);
        }
        String origin = request.getHeaders().getOrigin();
        if (origin != null && !publicOrigin.equalsIgnoreCase(origin)) {
            return refuse(exchange.getResponse(), request);
        }
        return chain.filter(exchange);
    }

    /** {@code scheme://host[:port]}, the port only when it is not the scheme's default, as browsers send it. */
    static String origin(URI url) {
        int port = url.getPort();
        boolean defaultPort = port == -1 || ("https".equals(url.getScheme()) && port == 443)
                || ("http".equals(url.getScheme()) && port == 80);
        return url.getScheme() + "://" + url.getHost() + (defaultPort ? "" : ":" + port);
    }

    private static Mono<Void> refuse(ServerHttpResponse response, ServerHttpRequest request) {
        return FilterProblems.write(response, HttpStatus.FORBIDDEN, "Cross-site request refused",
                "This request came from a page of another site. Use CrossLayer's own pages to do this.",
                request.getPath().value());
    }
}
