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
 * Applies {@link HttpLimits} to the public port's Netty server (issue 12 item 9). Reactor Netty closes a
 * connection that is idle, or whose body stalls or takes too long; but a client sending its headers a
 * byte at a time resets every idle timer, so a deadline of our own covers a request's line and headers,
 * from its first byte until the codec has decoded them.
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
                .readTimeout(limits.readTimeout())
                .requestTimeout(limits.requestTimeout())
                .httpRequestDecoder(decoder -> decoder
                        .maxHeaderSize((int) limits.maxHeaderSize().toBytes())
                        .maxInitialLineLength((int) limits.maxInitialLineLength().toBytes()))
                .doOnChannelInit((observer, channel, remote) -> HeaderDeadline.install(channel, limits.headerTimeout())));
    }

    /**
     * Closes a connection whose request line and headers have not all arrived within the deadline of the
     * request's first byte. One instance watches raw bytes at the front of the pipeline (a request starts),
     * and hears from its partner after the HTTP codec (the headers are complete, the request is over).
     */
    static final class HeaderDeadline extends ChannelInboundHandlerAdapter {

        private final long deadlineNanos;
        private ScheduledFuture<?> pending;
        private boolean inRequest;

        private HeaderDeadline(Duration deadline) {
            this.deadlineNanos = deadline.toNanos();
        }

        static void install(Channel channel, Duration deadline) {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) == null) {
                // Not an HTTP/1.1 pipeline (no other is configured): nothing to watch.
                return;
            }
            HeaderDeadline deadlineHandler = new HeaderDeadline(deadline);
            channel.pipeline().addFirst("crosslayer.headerDeadline", deadlineHandler);
            channel.pipeline().addAfter(NettyPipeline.HttpCodec, "crosslayer.headerDeadlineDecoded",
                    new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object message) {
                            if (message instanceof HttpRequest) {
                                deadlineHandler.headersArrived();
                            }
                            if (message instanceof LastHttpContent) {
                                deadlineHandler.requestEnded();
                            }
                            ctx.fireChannelRead(message);
                        }
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (!inRequest && pending == null) {
                pending = ctx.executor().schedule(() -> {
                    pending = null;
                    ctx.channel().close();
                }, deadlineNanos, TimeUnit.NANOSECONDS);
            }
            ctx.fireChannelRead(message);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }

        // Both handlers run on the channel's one event loop: no locking needed.
        private void headersArrived() {
            inRequest = true;
            cancel();
        }

        private void requestEnded() {
            inRequest = false;
        }

        private void cancel() {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }
    }
}
