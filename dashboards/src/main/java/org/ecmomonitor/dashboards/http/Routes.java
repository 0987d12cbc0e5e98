package org.ecmomonitor.dashboards.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Exact method and path → route. The API's parameterised paths come with the dashboards issue. */
public final class Routes {
    private final Map<String, Route> byKey = new LinkedHashMap<>();

    public Routes add(HttpMethod method, String path, Route route) {
        byKey.put(method.name() + " " + path, route);
        return this;
    }

    Optional<Route> find(HttpMethod method, String path) {
        Route r = byKey.get(method.name() + " " + path);
        if (r == null && method.equals(HttpMethod.HEAD)) {
            r = byKey.get("GET " + path);
        }
        return Optional.ofNullable(r);
    }

    boolean knowsPath(String path) {
        return byKey.keySet().stream().anyMatch(k -> k.substring(k.indexOf(' ') + 1).equals(path));
    }
}
