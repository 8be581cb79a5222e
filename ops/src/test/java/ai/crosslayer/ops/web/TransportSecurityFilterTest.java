package ai.crosslayer.ops.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class TransportSecurityFilterTest {

    private final TransportSecurityFilter filter = new TransportSecurityFilter("10.0.0.0/8", false,
            URI.create("https://crosslayer.test"), 8081);

    @Test
    void forwardedHeadersFromAStrangerAreIgnoredAndTheRequestIsRedirected() {
        MockServerWebExchange exchange = exchange("203.0.113.7");
        AtomicReference<ServerWebExchange> passed = run(exchange);
        assertThat(passed.get()).isNull();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.PERMANENT_REDIRECT);
        assertThat(exchange.getResponse().getHeaders().getLocation()).hasToString("https://crosslayer.test/api/me");
    }

    @Test
    void theRedirectGoesToThePublicUrlsHostNeverToTheRequestsHost() {
        // Issue 12 item 6: Host: evil.example was echoed into the redirect.
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("http://evil.example:8080/api/me?x=1")
                .header("Host", "evil.example:8080")
                .remoteAddress(new InetSocketAddress("203.0.113.7", 40000)));
        run(exchange);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.PERMANENT_REDIRECT);
        assertThat(exchange.getResponse().getHeaders().getLocation()).hasToString("https://crosslayer.test/api/me?x=1");
    }

    @Test
    void onlyTheLivenessAndReadinessProbesAreAnsweredOverPlainHttp() {
        for (String probe : new String[]{"/actuator/health/liveness", "/actuator/health/readiness"}) {
            assertThat(run(MockServerWebExchange.from(MockServerHttpRequest.get("http://10.0.0.1:8080" + probe)
                    .remoteAddress(new InetSocketAddress("203.0.113.7", 40000)))).get()).as(probe).isNotNull();
        }
        MockServerWebExchange details = MockServerWebExchange.from(MockServerHttpRequest.get("http://10.0.0.1:8080/actuator/health/db")
                .remoteAddress(new InetSocketAddress("203.0.113.7", 40000)));
        assertThat(run(details).get()).isNull();
        assertThat(details.getResponse().getStatusCode()).isEqualTo(HttpStatus.PERMANENT_REDIRECT);
    }

    @Test
    void theManagementPortIsNotRedirected() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("http://127.0.0.1:8081/actuator/prometheus")
                .localAddress(new InetSocketAddress("127.0.0.1", 8081))
                .remoteAddress(new InetSocketAddress("127.0.0.1", 40000)));
        assertThat(run(exchange).get()).isNotNull();
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
        TransportSecurityFilter local = new TransportSecurityFilter("", true, URI.create("http://localhost:8080"), 8081);
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
