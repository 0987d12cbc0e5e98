package org.ecmomonitor.dashboards.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Method and path template → route. A template's {@code {name}} segment matches one non-empty path segment and
 * is passed to the route, decoded; everything else matches exactly.
 */
public final class Routes {
    record Match(Route route, Map<String, String> params) {
    }

    private record Entry(String method, String[] segments, Route route) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public Routes add(HttpMethod method, String template, Route route) {
        entries.add(new Entry(method.name(), split(template), route));
        return this;
    }

    Optional<Match> find(HttpMethod method, String path) {
        String m = method.equals(HttpMethod.HEAD) ? "GET" : method.name();
        String[] segments = split(path);
        for (Entry e : entries) {
            if (e.method().equals(m)) {
                Map<String, String> params = match(e.segments(), segments);
                if (params != null) {
                    return Optional.of(new Match(e.route(), params));
                }
            }
        }
        return Optional.empty();
    }

    boolean knowsPath(String path) {
        String[] segments = split(path);
        return entries.stream().anyMatch(e -> match(e.segments(), segments) != null);
    }

    private static Map<String, String> match(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), QueryStringDecoder.decodeComponent(path[i]));
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        return path.split("/", -1);
    }
}
