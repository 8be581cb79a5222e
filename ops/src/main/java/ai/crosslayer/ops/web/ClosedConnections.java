package ai.crosslayer.ops.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * A request whose connection closed before it was read — a client that gave up, or one cut off for being
 * too slow ({@link SlowClientLimits}) — has nobody left to answer. Without this handler each one is logged
 * as a "500 Server Error" with a stack trace, so slow clients could fill the log (issue 12 item 9). It is
 * one line at debug level instead, and nothing is written.
 */
@Component
class ClosedConnections implements WebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ClosedConnections.class);

    @Override
    public int getOrder() {
        // Before Spring Boot's error handler, which would try to render a page for a closed connection.
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (!closedConnection(error)) {
            return Mono.error(error);
        }
        log.debug("connection closed before {} {} was read", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath());
        return Mono.empty();
    }

    private static boolean closedConnection(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AbortedException) {
                return true;
            }
        }
        return false;
    }
}
