package org.ecmomonitor.dashboards.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * On the HTTPS listener only: every response carries HSTS, so that a browser that once reached the monitor over
 * HTTPS never sends a session cookie in clear text to it again, and every cookie set is {@code Secure} (whatever
 * {@code http_secure_cookie} says, which remains for TLS proxies in front of the plain listener). HSTS leaves
 * out {@code includeSubDomains}: other hosts of the hospital's domain may not all speak HTTPS.
 */
@ChannelHandler.Sharable
final class HttpsHeaders extends ChannelOutboundHandlerAdapter {
    static final HttpsHeaders INSTANCE = new HttpsHeaders();
    /** One year, as browsers' preload rules expect; renewed by every response. */
    static final String HSTS = "max-age=31536000";
    private static final Pattern SECURE = Pattern.compile("(?i);\\s*secure\\s*(;|$)");

    private HttpsHeaders() {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse res) {
            res.headers().set("Strict-Transport-Security", HSTS);
            List<String> cookies = res.headers().getAll(HttpHeaderNames.SET_COOKIE);
            if (!cookies.isEmpty()) {
                List<String> secure = new ArrayList<>(cookies.size());
                for (String c : cookies) {
                    secure.add(SECURE.matcher(c).find() ? c : c + "; Secure");
                }
                res.headers().set(HttpHeaderNames.SET_COOKIE, secure);
            }
        }
        ctx.write(msg, promise);
    }
}
