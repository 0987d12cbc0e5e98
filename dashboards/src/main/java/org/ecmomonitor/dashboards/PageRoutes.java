package org.ecmomonitor.dashboards;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.ecmomonitor.dashboards.auth.Permission;
import org.ecmomonitor.dashboards.http.HttpReply;
import org.ecmomonitor.dashboards.http.Routes;

/**
 * The web pages and their files, from this module's resources ({@code web/}): the board {@code /}, the bed view
 * {@code /beds/{bed}}, the feed console {@code /feeds}, accounts and audit {@code /admin}, {@code /login}, and
 * {@code /password} (choosing one's own password, the only page open while a generated one must be changed).
 * Pages need a signed-in user (strangers are sent to sign in); scripts and styles are public. The charting library
 * comes from its WebJar, found by the version its jar declares, so that upgrading it is a pom change only.
 */
public final class PageRoutes {
    private static final Pattern STATIC_NAME = Pattern.compile("[a-z0-9-]{1,64}\\.(js|css|svg)");
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "html", "text/html; charset=utf-8");
    private static final String ECHARTS = "META-INF/maven/org.webjars/echarts/pom.properties";

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public Routes register(Routes routes) {
        routes.open(HttpMethod.GET, "/login", c -> page("login.html"));
        routes.ownAccountPage("/password", c -> page("password.html"));
        routes.page("/", Permission.VIEW, c -> page("board.html"));
        routes.page("/beds/{bed}", Permission.VIEW, c -> page("bed.html"));
        routes.page("/feeds", Permission.VIEW, c -> page("feeds.html"));
        routes.page("/admin", Permission.VIEW, c -> page("admin.html"));
        routes.open(HttpMethod.GET, "/static/{name}", c -> file(c.param("name")));
        routes.open(HttpMethod.GET, "/vendor/echarts.js", c -> echarts());
        return routes;
    }

    private HttpReply page(String name) {
        return resource("web/" + name).map(b -> new HttpReply(HttpResponseStatus.OK, TYPES.get("html"), b))
                .orElseGet(() -> notFound(name));
    }

    private HttpReply file(String name) {
        if (!STATIC_NAME.matcher(name).matches()) {
            return notFound(name);
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return resource("web/static/" + name)
                .map(b -> new HttpReply(HttpResponseStatus.OK, TYPES.get(ext), b)
                        .withHeader("Cache-Control", "no-cache"))
                .orElseGet(() -> notFound(name));
    }

    private HttpReply echarts() {
        String version = EchartsVersion.VALUE;
        return resource("META-INF/resources/webjars/echarts/" + version + "/echarts.min.js")
                .map(b -> new HttpReply(HttpResponseStatus.OK, TYPES.get("js"), b)
                        .withHeader("Cache-Control", "public, max-age=86400"))
                .orElseGet(() -> notFound("echarts " + version));
    }

    /** Read once, when first asked for (the WebJar does not change while we run). */
    private static final class EchartsVersion {
        static final String VALUE = echartsVersion();
    }

    static String echartsVersion() {
        try (InputStream in = PageRoutes.class.getClassLoader().getResourceAsStream(ECHARTS)) {
            if (in == null) {
                throw new IllegalStateException("the echarts WebJar is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Found files are kept in memory (they are few and small); missing names are not, so probing costs nothing. */
    private Optional<byte[]> resource(String path) {
        byte[] cached = cache.get(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = PageRoutes.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] b = in.readAllBytes();
            cache.put(path, b);
            return Optional.of(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpReply notFound(String name) {
        return HttpReply.text(HttpResponseStatus.NOT_FOUND, "text/plain", "no such file: " + name + "\n");
    }
}
