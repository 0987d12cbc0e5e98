package org.ecmomonitor.dashboards.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.ecmomonitor.dashboards.auth.Session;

/**
 * The live feed is one-way (server to browser): once the handshake completes the channel is handed to the hub;
 * frames the browser sends are ignored (the protocol stage already answers pings and closes).
 */
final class WebSocketSession extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Session session;
    private final boolean values;
    private final WebSocketHub hub;

    WebSocketSession(Session session, boolean values, WebSocketHub hub) {
        this.session = session;
        this.values = values;
        this.hub = hub;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            // the feed is quiet between alerts and a board reconnects on close: no header or idle timeout here
            ctx.pipeline().remove(ConnectionTimeouts.IDLE);
            ctx.pipeline().remove(ConnectionTimeouts.HEADER_START);
            ctx.pipeline().remove(ConnectionTimeouts.HEADER_DONE);
            hub.opened(ctx.channel(), session, values);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        // nothing to do: the browser has nothing to tell the feed
    }
}
