package org.ecmomonitor.dashboards.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.ecmomonitor.dashboards.auth.Permission;

/**
 * Lets a signed-in user's request for {@code /ws} become a WebSocket: checks the session (and, through the gate,
 * the Origin, so that another site cannot open the feed with the user's cookie), then adds the WebSocket stages
 * behind itself. Every other request passes by.
 */
final class WebSocketGate extends ChannelInboundHandlerAdapter {
    static final String PATH = "/ws";
    private static final int MAX_FRAME_BYTES = 4096;

    private final Gate gate;
    private final WebSocketHub hub;

    WebSocketGate(Gate gate, WebSocketHub hub) {
        this.gate = gate;
        this.hub = hub;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !new QueryStringDecoder(req.uri()).path().equals(PATH)) {
            ctx.fireChannelRead(msg);
            return;
        }
        java.util.List<String> values = new QueryStringDecoder(req.uri()).parameters().get("values");
        if (values != null && (values.size() != 1 || !values.get(0).equals("none") && !values.get(0).equals("all"))) {
            req.release();
            HttpRouter.send(ctx, false, Json.badRequest("'values' must be all (the default) or none"));
            return;
        }
        boolean wantsValues = values == null || values.get(0).equals("all");
        Gate.Admission admission = gate.admit(req, Permission.VIEW, false, false);
        if (!admission.isAllowed() || sameOriginRefused(req)) {
            req.release();
            HttpRouter.send(ctx, false, admission.isAllowed()
                    ? Json.error(io.netty.handler.codec.http.HttpResponseStatus.FORBIDDEN, "cross-origin WebSocket refused")
                    : admission.refusal());
            return;
        }
        ctx.pipeline().addAfter(ctx.name(), "ws-protocol", new WebSocketServerProtocolHandler(
                WebSocketServerProtocolConfig.newBuilder().websocketPath(PATH).checkStartsWith(true).maxFramePayloadLength(MAX_FRAME_BYTES)
                        .handleCloseFrames(true).dropPongFrames(true).build()));
        ctx.pipeline().addAfter("ws-protocol", "ws-session", new WebSocketSession(admission.session(), wantsValues, hub));
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(req);
    }

    /** A browser always sends Origin on a WebSocket handshake; one from another host is refused. */
    private static boolean sameOriginRefused(FullHttpRequest req) {
        return !Origins.sameOrigin(req);
    }
}
