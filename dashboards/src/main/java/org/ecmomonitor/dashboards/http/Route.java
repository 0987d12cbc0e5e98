package org.ecmomonitor.dashboards.http;

/** Answers one method and path. Runs off the event loop, so it may query a store. */
@FunctionalInterface
public interface Route {
    HttpReply handle(Call call) throws Exception;
}
