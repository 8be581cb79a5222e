package ai.crosslayer.ops.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Headers every response carries (issue 12 item 6), set as the response is committed so that error
 * pages and refusals written by other filters carry them too:
 * <ul>
 *   <li>{@code X-Content-Type-Options: nosniff}: a browser takes the content type we say, never guesses
 *       HTML from a skill, a repository file or an export;</li>
 *   <li>{@code Cache-Control: no-store} on the API and sign-in routes: tenant data and session cookies are
 *       not kept by browsers or shared caches;</li>
 *   <li>a strict {@code Content-Security-Policy} on HTML (own scripts, styles and images only, no inline
 *       script, no framing, forms post only here), and {@code default-src 'none'} on everything else, which
 *       is never meant to run in a page;</li>
 *   <li>{@code Referrer-Policy: no-referrer}: URLs with OAuth codes or ids do not leak to other sites.</li>
 * </ul>
 */
@Component
class ResponseHeadersFilter implements WebFilter, Ordered {

    static final String HTML_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

    @Override
    public int getOrder() {
        // First of all, so that even a redirect or a refusal by a later filter carries these headers.
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            HttpHeaders headers = response.getHeaders();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            MediaType type = headers.getContentType();
            headers.set("Content-Security-Policy",
                    type != null && MediaType.TEXT_HTML.isCompatibleWith(type) ? HTML_POLICY : OTHER_POLICY);
            if (path.startsWith("/api/") || path.startsWith("/auth/")) {
                headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
