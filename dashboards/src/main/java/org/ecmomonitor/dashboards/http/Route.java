package org.ecmomonitor.dashboards.http;

import io.netty.handler.codec.http.FullHttpRequest;
import java.util.Map;

/** Answers one method and path. Runs off the event loop, so it may query a store. */
@FunctionalInterface
public interface Route {
    /** @param params the path's {@code {name}} segments, decoded */
    HttpReply handle(FullHttpRequest request, Map<String, String> params) throws Exception;
}
