package ai.crosslayer.ops.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class TransportSecurityFilterTest {

    private final TransportSecurityFilter filter = new TransportSecurityFilter("10.0.0.0/8", false);

    @Test
    void forwardedHeadersFromAStrangerAreIgnoredAndTheRequestIsRedirected() {
        MockServerWebExchange exchange = exchange("203.0.113.7");
        AtomicReference<ServerWebExchange> passed = run(exchange);
        assertThat(passed.get()).isNull();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.PERMANENT_REDIRECT);
        assertThat(exchange.getResponse().getHeaders().getLocation()).hasToString("https://crosslayer.test/api/me");
    }

    @Test
    void forwardedHeadersFromATrustedProxyAreApplied() {
        AtomicReference<ServerWebExchange> passed = run(exchange("10.1.2.3"));
        assertThat(passed.get()).isNotNull();
        assertThat(passed.get().getRequest().getURI().getScheme()).isEqualTo("https");
        assertThat(passed.get().getRequest().getHeaders()).doesNotContainKey("X-Forwarded-Proto");
    }

    @Test
    void theLocalProfileServesPlainHttpButStillStripsForgedHeaders() {
        TransportSecurityFilter local = new TransportSecurityFilter("", true);
        AtomicReference<ServerWebExchange> passed = new AtomicReference<>();
        local.filter(exchange("203.0.113.7"), e -> {
            passed.set(e);
            return Mono.empty();
        }).block();
        assertThat(passed.get().getRequest().getURI().getScheme()).isEqualTo("http");
        assertThat(passed.get().getRequest().getHeaders()).doesNotContainKey("X-Forwarded-Proto");
        assertThat(passed.get().getResponse().getHeaders().getFirst("Strict-Transport-Security"))
                .isEqualTo(TransportSecurityFilter.HSTS);
    }

    private AtomicReference<ServerWebExchange> run(MockServerWebExchange exchange) {
        AtomicReference<ServerWebExchange> passed = new AtomicReference<>();
        filter.filter(exchange, e -> {
            passed.set(e);
            return Mono.empty();
        }).block();
        return passed;
    }

    private static MockServerWebExchange exchange(String peer) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("http://crosslayer.test/api/me")
                .header("X-Forwarded-Proto", "https")
                .remoteAddress(new InetSocketAddress(peer, 40000)));
    }
}
