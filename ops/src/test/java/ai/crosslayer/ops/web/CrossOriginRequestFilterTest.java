package ai.crosslayer.ops.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12 item 4: a cross-site form must not sign anyone out, nor act with their session. */
class CrossOriginRequestFilterTest {

    private final CrossOriginRequestFilter filter = new CrossOriginRequestFilter(URI.create("https://crosslayer.test"));

    @Test
    void aFormPostedFromAnotherSiteIsRefused() {
        assertRefused(MockServerHttpRequest.post("https://crosslayer.test/auth/logout").header("Origin", "https://evil.example"));
        assertRefused(MockServerHttpRequest.post("https://crosslayer.test/auth/logout").header("Sec-Fetch-Site", "cross-site"));
        assertRefused(MockServerHttpRequest.post("https://crosslayer.test/auth/logout").header("Sec-Fetch-Site", "same-site"));
        assertRefused(MockServerHttpRequest.post("https://crosslayer.test/auth/logout").header("Origin", "null"));
        assertRefused(MockServerHttpRequest.delete("https://crosslayer.test/api/integrations/x")
                .header("Origin", "http://crosslayer.test"));
        assertRefused(MockServerHttpRequest.put("https://crosslayer.test/api/governance")
                .header("Origin", "https://crosslayer.test.evil.example"));
    }

    @Test
    void aRequestFromOurOwnPagesOrFromOutsideABrowserPasses() {
        assertPasses(MockServerHttpRequest.post("https://crosslayer.test/auth/logout")
                .header("Origin", "https://crosslayer.test").header("Sec-Fetch-Site", "same-origin"));
        assertPasses(MockServerHttpRequest.post("https://crosslayer.test/auth/logout").header("Sec-Fetch-Site", "none"));
        // Slack's servers, curl, an operator's script: no browser, so no page of another site behind them.
        assertPasses(MockServerHttpRequest.post("https://crosslayer.test/slack/events"));
    }

    @Test
    void readsAreNeverRefused() {
        assertPasses(MockServerHttpRequest.get("https://crosslayer.test/api/me").header("Origin", "https://evil.example")
                .header("Sec-Fetch-Site", "cross-site"));
    }

    @Test
    void theOriginOfThePublicUrlLeavesOutADefaultPort() {
        assertThat(CrossOriginRequestFilter.origin(URI.create("https://crosslayer.test:443/app"))).isEqualTo("https://crosslayer.test");
        assertThat(CrossOriginRequestFilter.origin(URI.create("http://localhost:8080"))).isEqualTo("http://localhost:8080");
    }

    private void assertRefused(MockServerHttpRequest.BaseBuilder<?> request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        assertThat(run(exchange)).as("reached the handler").isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("another site");
    }

    private void assertPasses(MockServerHttpRequest.BaseBuilder<?> request) {
        assertThat(run(MockServerWebExchange.from(request))).as("reached the handler").isTrue();
    }

    private boolean run(MockServerWebExchange exchange) {
        AtomicBoolean reached = new AtomicBoolean();
        filter.filter(exchange, e -> {
            reached.set(true);
            return Mono.empty();
        }).block();
        return reached.get();
    }
}
