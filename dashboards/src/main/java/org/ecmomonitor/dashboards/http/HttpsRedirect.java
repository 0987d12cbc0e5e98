package org.ecmomonitor.dashboards.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * On the plain listener when HTTPS is on too: pages and the API move to HTTPS. GET and HEAD are redirected (301)
 * to the same path on the HTTPS port of the host the browser asked for; any other request (a sign-in, an
 * acknowledgement) is refused with 403 rather than redirected, because its body, perhaps a password, has already
 * crossed the network in clear text and must not be sent twice. {@code /health...} and {@code /metrics} stay on
 * plain HTTP for load balancers and Prometheus; they carry no session.
 */
final class HttpsRedirect extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** A host name, an IPv4 address or a bracketed IPv6 address, then an optional port. */
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:\\d{1,5})?");

    private final int httpsPort;

    HttpsRedirect(int httpsPort) {
        super(false);
        this.httpsPort = httpsPort;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        String path = new QueryStringDecoder(req.uri()).path();
        if (path.equals("/metrics") || path.equals("/health") || path.startsWith("/health/")
                || !req.decoderResult().isSuccess()) {
            ctx.fireChannelRead(req);
            return;
        }
        try {
            String host = req.headers().get(HttpHeaderNames.HOST);
            Matcher m = host == null ? null : HOST.matcher(host);
            if (m == null || !m.matches()) {
                HttpRouter.send(ctx, false, Json.badRequest("this monitor answers over HTTPS on port " + httpsPort));
                return;
            }
            String target = "https://" + m.group(1) + (httpsPort == 443 ? "" : ":" + httpsPort)
                    + (req.uri().startsWith("/") ? req.uri() : "/");
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD)) {
                HttpRouter.send(ctx, keepAlive, HttpReply.text(HttpResponseStatus.MOVED_PERMANENTLY, "text/plain",
                        "moved to " + target + "\n").withHeader("Location", target));
            } else {
                HttpRouter.send(ctx, keepAlive, Json.error(HttpResponseStatus.FORBIDDEN, "this monitor takes"
                        + " sign-ins and changes over HTTPS only: " + target));
            }
        } finally {
            req.release();
        }
    }
}
