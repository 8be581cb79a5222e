package ai.crosslayer.ops.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 17.1: a node without the web role serves the platform's probes and nobody else. */
class WebRoleFilterTest {

    @Test
    void withoutTheWebRoleOnlyTheProbesPass() {
        WebRoleFilter worker = new WebRoleFilter(false);
        for (MockServerHttpRequest.BaseBuilder<?> request : new MockServerHttpRequest.BaseBuilder<?>[]{
                MockServerHttpRequest.get("/api/me"), MockServerHttpRequest.post("/slack/events"),
                MockServerHttpRequest.get("/auth/login"), MockServerHttpRequest.get("/")}) {
            MockServerWebExchange exchange = MockServerWebExchange.from(request);
            assertThat(reachesTheHandler(worker, exchange)).as("reached the handler").isFalse();
            assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(exchange.getResponse().getBodyAsString().block()).contains("does not serve the web role");
        }
        assertThat(reachesTheHandler(worker, MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/health/readiness"))))
                .isTrue();
        assertThat(reachesTheHandler(worker, MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/health/liveness"))))
                .isTrue();
    }

    @Test
    void withTheWebRoleEverythingPasses() {
        assertThat(reachesTheHandler(new WebRoleFilter(true), MockServerWebExchange.from(MockServerHttpRequest.get("/api/me"))))
                .isTrue();
    }

    private static boolean reachesTheHandler(WebRoleFilter filter, MockServerWebExchange exchange) {
        AtomicBoolean reached = new AtomicBoolean();
        filter.filter(exchange, e -> {
            reached.set(true);
            return Mono.empty();
        }).block();
        return reached.get();
    }
}
