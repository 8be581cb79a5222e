package ai.crosslayer.ops.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A request's path segments and query parameters are text. One that holds a control character (NUL above all,
 * which PostgreSQL can neither store nor compare, and which used to turn {@code ?type=%00} into a 500), a path
 * segment that decodes to a {@code /} or {@code \} (no route takes one, and Spring Boot's actuator answered
 * {@code /actuator/health/..%2F..%2Fx} with a 500), or a query string that is not valid percent-encoding, is
 * refused with 400 problem details before any route sees it — for every route at once, present and future.
 * Issue 12, item 3.
 */
@Component
class RequestTextFilter implements WebFilter, Ordered {

    @Override
    public int getOrder() {
        // After the transport rules (HTTPS first), before sessions: junk needs no session to be refused.
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        for (PathContainer.Element element : exchange.getRequest().getPath().pathWithinApplication().elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                String decoded = segment.valueToMatch();
                if (decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0 || hasControl(decoded)) {
                    return badRequest(exchange.getResponse(),
                            "A path segment holds an encoded '/' or '\\\\', or a control character; no route takes one.");
                }
            }
        }
        if (exchange.getRequest().getURI().getRawQuery() == null) {
            return chain.filter(exchange);
        }
        MultiValueMap<String, String> params;
        try {
            params = exchange.getRequest().getQueryParams();
        } catch (IllegalArgumentException e) {
            return badRequest(exchange.getResponse(), "The query string is not valid percent-encoded UTF-8.");
        }
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (hasControl(param.getKey()) || param.getValue().stream().anyMatch(RequestTextFilter::hasControl)) {
                return badRequest(exchange.getResponse(), "Query parameter '" + printable(param.getKey())
                        + "' holds a control character (such as NUL or a line break); send text.");
            }
        }
        return chain.filter(exchange);
    }

    private static boolean hasControl(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return text.indexOf('\uFFFD') >= 0; // what an undecodable byte sequence became
    }

    /** The name as it may be echoed in a problem: short, and only characters that need no escaping. */
    private static String printable(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9_.-]", "?");
        return safe.length() <= 40 ? safe : safe.substring(0, 40) + "...";
    }

    private static Mono<Void> badRequest(ServerHttpResponse response, String detail) {
        response.setStatusCode(HttpStatus.BAD_REQUEST);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = """
                {"type":"about:blank","title":"Bad request parameter","status":400,"detail":"%s"}""".formatted(detail);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
