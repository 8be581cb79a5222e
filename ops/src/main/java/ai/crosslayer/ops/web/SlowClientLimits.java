package ai.crosslayer.ops.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Applies {@link HttpLimits} to the public port's Netty server (issue 12 item 9). Reactor Netty's idle
 * timeout closes a kept-alive connection that sends no further request; but a client sending its headers
 * or its body a byte at a time resets every idle and read timer, so a deadline of our own
 * ({@link RequestDeadline}) bounds how long a request may take to arrive, from its first byte.
 *
 * <p>Runs after Spring Boot's own Netty customizer (which sets the header size from
 * {@code server.max-http-request-header-size}), so that these limits are the ones in force.
 */
@Component
class SlowClientLimits implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

    private final HttpLimits limits;

    SlowClientLimits(HttpLimits limits) {
        this.limits = limits;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        factory.addServerCustomizers(server -> server
                .idleTimeout(limits.idleTimeout())
                .httpRequestDecoder(decoder -> decoder
                        .maxHeaderSize((int) limits.maxHeaderSize().toBytes())
                        .maxInitialLineLength((int) limits.maxInitialLineLength().toBytes()))
                .doOnChannelInit((observer, channel, remote) ->
                        RequestDeadline.install(channel, limits.headerTimeout(), limits.requestTimeout())));
    }

    /**
     * Closes a connection whose request does not arrive in time: its line and headers within the header
     * timeout of its first byte (or of the connection, for the first request), its body within the request
     * timeout of its headers. This handler sits at the front of the pipeline and sees raw bytes (a request
     * starts); a partner after the HTTP codec tells it when the headers are complete and when the request is.
     * Both run on the channel's one event loop, so no locking is needed.
     */
    static final class RequestDeadline extends ChannelInboundHandlerAdapter {

        private final long headerNanos;
        private final long bodyNanos;
        private ChannelHandlerContext context;
        private ScheduledFuture<?> pending;
        private boolean inRequest;

        private RequestDeadline(Duration headerTimeout, Duration requestTimeout) {
            this.headerNanos = headerTimeout.toNanos();
            this.bodyNanos = requestTimeout.toNanos();
        }

        static void install(Channel channel, Duration headerTimeout, Duration requestTimeout) {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) == null) {
                // Not an HTTP/1.1 pipeline (no other is configured): nothing to watch.
                return;
            }
            RequestDeadline deadline = new RequestDeadline(headerTimeout, requestTimeout);
            channel.pipeline().addFirst("crosslayer.requestDeadline", deadline);
            channel.pipeline().addAfter(NettyPipeline.HttpCodec, "crosslayer.requestDeadlineDecoded",
                    new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object message) {
                            if (message instanceof HttpRequest) {
                                deadline.headersArrived();
                            }
                            if (message instanceof LastHttpContent) {
                                deadline.requestArrived();
                            }
                            ctx.fireChannelRead(message);
                        }
                    });
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            context = ctx;
            // A connection that never sends a byte is cut off like one that sends its headers too slowly.
            arm(headerNanos);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (!inRequest && pending == null) {
                arm(headerNanos);
            }
            ctx.fireChannelRead(message);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }

        private void headersArrived() {
            inRequest = true;
            cancel();
            arm(bodyNanos);
        }

        private void requestArrived() {
            inRequest = false;
            cancel();
        }

        private void arm(long nanos) {
            pending = context.executor().schedule(() -> {
                pending = null;
                context.channel().close();
            }, nanos, TimeUnit.NANOSECONDS);
        }

        private void cancel() {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }
    }
}
