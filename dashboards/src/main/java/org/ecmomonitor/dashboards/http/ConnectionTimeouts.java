package org.ecmomonitor.dashboards.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two timeouts of a plain HTTP connection (a WebSocket drops both once its handshake completes, see
 * {@link WebSocketSession}): the header-read time (a request's line and headers must arrive within N s of its first
 * byte, however slowly they trickle: slowloris) and the idle time (no byte in or out for N s closes the
 * connection, which also ends half-open ones).
 */
final class ConnectionTimeouts {
    static final String HEADER_START = "header-start";
    static final String HEADER_DONE = "header-done";
    static final String IDLE = "idle";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionTimeouts.class);

    private ConnectionTimeouts() {
    }

    /** Before the codec: arms the header timer at the first byte of a request. */
    static final class HeaderStart extends ChannelDuplexHandler {
        private final long timeoutMillis;
        private final HttpMetrics metrics;
        private boolean awaitingHeaders = true;
        private ScheduledFuture<?> timer;

        HeaderStart(int seconds, HttpMetrics metrics) {
            this.timeoutMillis = seconds * 1000L;
            this.metrics = metrics;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof ByteBuf b && b.isReadable() && awaitingHeaders && timer == null) {
                timer = ctx.executor().schedule(() -> {
                    metrics.headerTimeout();
                    LOG.debug("{}: request headers not complete after {} ms, closing", ctx.channel().remoteAddress(),
                            timeoutMillis);
                    ctx.close();
                }, timeoutMillis, TimeUnit.MILLISECONDS);
            }
            super.channelRead(ctx, msg);
        }

        void headersArrived() {
            awaitingHeaders = false;
            cancel();
        }

        void requestEnded() {
            awaitingHeaders = true;
        }

        private void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            cancel();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            cancel();
            super.channelInactive(ctx);
        }
    }

    /** After the codec: the decoded request line and headers stop the timer; the request's end re-opens it. */
    static final class HeaderDone extends ChannelDuplexHandler {
        private final HeaderStart start;

        HeaderDone(HeaderStart start) {
            this.start = start;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest) {
                start.headersArrived();
            }
            if (msg instanceof LastHttpContent) {
                start.requestEnded();
            }
            super.channelRead(ctx, msg);
        }
    }

    /** Closes a connection with no traffic either way for its idle time. */
    static final class Idle extends IdleStateHandler {
        private final HttpMetrics metrics;

        Idle(int seconds, HttpMetrics metrics) {
            super(0, 0, seconds, TimeUnit.SECONDS);
            this.metrics = metrics;
        }

        @Override
        protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
            if (evt.state() == IdleState.ALL_IDLE) {
                metrics.idle();
                LOG.debug("{}: idle, closing", ctx.channel().remoteAddress());
                ctx.close();
            }
        }
    }
}
