package org.ecmomonitor.dashboards.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a request (WebSocket handshakes included) whose {@code Host} header is not one of ours: 400 without
 * one, 421 Misdirected Request for another name, and closes the connection.
 */
@ChannelHandler.Sharable
final class HostCheck extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HostCheck.class);

    private final AllowedHosts hosts;
    private final HttpMetrics metrics;

    HostCheck(AllowedHosts hosts, HttpMetrics metrics) {
        this.hosts = hosts;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String host = req.headers().get(HttpHeaderNames.HOST);
        if (hosts.allows(host)) {
            ctx.fireChannelRead(msg);
            return;
        }
        req.release();
        metrics.hostRefused();
        if (host == null) {
            HttpRouter.send(ctx, false, Json.badRequest("a Host header is required"));
            return;
        }
        LOG.debug("{}: refused a request for host {} (not in http_allowed_hosts)", ctx.channel().remoteAddress(),
                String.valueOf(AllowedHosts.hostOf(host)));
        HttpRouter.send(ctx, false, Json.error(HttpResponseStatus.MISDIRECTED_REQUEST, "this server does not answer"
                + " for that host name; an administrator can add it to http_allowed_hosts"));
    }
}
