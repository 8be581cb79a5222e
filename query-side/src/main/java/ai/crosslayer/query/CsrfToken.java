package ai.crosslayer.query;

import org.springframework.web.server.ServerWebExchange;

/**
 * The CSRF token of the request's session: set by the session filter (ops) on every request whose session
 * cookie is valid, shown to the pages' scripts (a {@code <meta name="csrf-token">}) and to API clients
 * ({@code GET /api/me}), and required back in the {@value #HEADER} header of every state-changing request
 * made with that session.
 */
public final class CsrfToken {

    /** The exchange attribute that holds the token. */
    public static final String ATTRIBUTE = "crosslayer.csrfToken";
    /** The request header that carries it back. */
    public static final String HEADER = "X-CSRF-Token";

    private CsrfToken() {
    }

    /** The token of this request's session; {@code null} without a valid session. */
    public static String of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }
}
