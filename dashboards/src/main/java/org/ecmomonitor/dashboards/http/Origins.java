package org.ecmomonitor.dashboards.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;

/**
 * Same-origin check for state-changing requests and WebSocket handshakes: when the browser names the page's
 * origin, its host and port must be the ones the request was sent to. Requests without Origin (scripts, curl)
 * pass; the CSRF token still guards them.
 */
public final class Origins {
    private Origins() {
    }

    public static boolean sameOrigin(HttpRequest req) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return true;
        }
        String host = req.headers().get(HttpHeaderNames.HOST);
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            String authority = o.getRawAuthority();
            if (authority == null) {
                return false;
            }
            return authority.equalsIgnoreCase(host) || withDefaultPort(o).equalsIgnoreCase(withDefaultPort(host, o));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String withDefaultPort(URI o) {
        int port = o.getPort() != -1 ? o.getPort() : "https".equals(o.getScheme()) ? 443 : 80;
        return o.getHost() + ":" + port;
    }

    private static String withDefaultPort(String host, URI o) {
        return host.contains(":") && !host.endsWith("]") ? host : host + ":" + ("https".equals(o.getScheme()) ? 443 : 80);
    }
}
