package org.ecmomonitor.dashboards.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.ecmomonitor.dashboards.auth.Session;

/**
 * One request as a route sees it.
 *
 * @param params the path's {@code {name}} segments, decoded
 * @param session the signed-in user's session, or null on a public route without one
 * @param remote the client's address as this server sees it (a proxy's, behind one)
 */
public record Call(FullHttpRequest request, Map<String, String> params, Session session, InetSocketAddress remote) {

    public String param(String name) {
        return params.get(name);
    }

    public Map<String, List<String>> query() {
        return new QueryStringDecoder(request.uri()).parameters();
    }

    public String body() {
        return request.content().toString(StandardCharsets.UTF_8);
    }

    /** The client's IP address as text ("?" when unknown), the key of sign-in throttling. */
    public String clientAddress() {
        return remote == null || remote.getAddress() == null ? "?" : remote.getAddress().getHostAddress();
    }

    /** The signed-in user's name (routes that need a permission always have one). */
    public String user() {
        return session == null ? null : session.user();
    }
}
