package org.ecmomonitor.dashboards.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecmomonitor.dashboards.auth.Permission;

/**
 * Method and path template → route, with the permission it needs. A template's {@code {name}} segment matches
 * one non-empty path segment and is passed to the route, decoded; a last segment {@code {name*}} matches the rest
 * of the path (one or more segments, undecoded); everything else matches exactly.
 */
public final class Routes {
    /** @param beforePasswordChange open to a user who must change a generated password first */
    record Match(Route route, Permission needed, boolean page, boolean beforePasswordChange,
                 Map<String, String> params) {
    }

    private record Entry(String method, String[] segments, Permission needed, boolean page,
                         boolean beforePasswordChange, Route route) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** A JSON API route that needs a signed-in user with this permission. */
    public Routes add(HttpMethod method, String template, Permission needed, Route route) {
        entries.add(new Entry(method.name(), split(template), needed, false, false, route));
        return this;
    }

    /**
     * A JSON API route that any signed-in user may call even while a password change is pending (their session,
     * signing out, the change itself); everything else answers such a user 403 "password change required".
     */
    public Routes ownAccount(HttpMethod method, String template, Route route) {
        entries.add(new Entry(method.name(), split(template), Permission.VIEW, false, true, route));
        return this;
    }

    /** A web page a user with a pending password change may open (the change form). */
    public Routes ownAccountPage(String template, Route route) {
        entries.add(new Entry(HttpMethod.GET.name(), split(template), Permission.VIEW, true, true, route));
        return this;
    }

    /** A web page (GET): strangers are sent to sign in first. */
    public Routes page(String template, Permission needed, Route route) {
        entries.add(new Entry(HttpMethod.GET.name(), split(template), needed, true, false, route));
        return this;
    }

    /** A route anyone may call (health, metrics, sign-in, static files). */
    public Routes open(HttpMethod method, String template, Route route) {
        entries.add(new Entry(method.name(), split(template), null, false, false, route));
        return this;
    }

    Optional<Match> find(HttpMethod method, String path) {
        String m = method.equals(HttpMethod.HEAD) ? "GET" : method.name();
        String[] segments = split(path);
        for (Entry e : entries) {
            if (e.method().equals(m)) {
                Map<String, String> params = match(e.segments(), segments);
                if (params != null) {
                    return Optional.of(new Match(e.route(), e.needed(), e.page(), e.beforePasswordChange(), params));
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
        boolean rest = template.length > 0 && template[template.length - 1].endsWith("*}");
        if (rest ? path.length < template.length : template.length != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (rest && i == template.length - 1) {
                String remainder = String.join("/", java.util.Arrays.copyOfRange(path, i, path.length));
                if (remainder.isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 2), remainder);
            } else if (t.startsWith("{") && t.endsWith("}")) {
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
