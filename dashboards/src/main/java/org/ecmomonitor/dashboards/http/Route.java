package org.ecmomonitor.dashboards.http;

import io.netty.handler.codec.http.FullHttpRequest;

/** Answers one method and path. Runs off the event loop, so it may query a store. */
@FunctionalInterface
public interface Route {
    HttpReply handle(FullHttpRequest request) throws Exception;
}
