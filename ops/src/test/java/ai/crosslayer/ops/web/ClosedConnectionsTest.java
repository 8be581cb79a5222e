package ai.crosslayer.ops.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.netty.channel.AbortedException;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClosedConnectionsTest {

    private final ClosedConnections handler = new ClosedConnections();
    private final MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/auth/dev-login"));

    @Test
    void aConnectionClosedBeforeTheRequestWasReadEndsQuietly() {
        assertThatCode(() -> handler.handle(exchange, new AbortedException("Connection has been closed")).block())
                .doesNotThrowAnyException();
        assertThatCode(() -> handler.handle(exchange, new IllegalStateException("reading the form",
                new AbortedException("Connection has been closed"))).block()).doesNotThrowAnyException();
    }

    @Test
    void anyOtherErrorIsLeftToTheErrorHandlers() {
        IOException other = new IOException("disk full");
        assertThatThrownBy(() -> handler.handle(exchange, other).block()).hasCause(other);
    }
}
