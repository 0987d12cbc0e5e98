package org.ecmomonitor.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.time.Clock;
import java.util.Set;
import org.ecmomonitor.alerts.AuditLog;
import org.ecmomonitor.dashboards.auth.Account;
import org.ecmomonitor.dashboards.auth.Accounts;
import org.ecmomonitor.dashboards.auth.Permission;
import org.ecmomonitor.dashboards.auth.Session;
import org.ecmomonitor.dashboards.http.SessionGate;
import org.ecmomonitor.dashboards.auth.Sessions;
import org.ecmomonitor.dashboards.http.Call;
import org.ecmomonitor.dashboards.http.HttpReply;
import org.ecmomonitor.dashboards.http.Json;
import org.ecmomonitor.dashboards.http.JsonBody;
import org.ecmomonitor.dashboards.http.Routes;

/**
 * Sign-in and sign-out: {@code POST /api/login} {@code {"user", "password"}} sets the session cookie and returns
 * the session (user, role, permissions, CSRF token); {@code GET /api/session} returns it again;
 * {@code POST /api/logout} ends it. Every sign-in, failed or not, is in the audit log.
 */
public final class AuthRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Accounts accounts;
    private final Sessions sessions;
    private final AuditLog audit;
    private final Clock clock;
    private final boolean secureCookie;

    /** @param secureCookie mark the cookie Secure (when users reach us through a TLS proxy) */
    public AuthRoutes(Accounts accounts, Sessions sessions, AuditLog audit, Clock clock, boolean secureCookie) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
        this.secureCookie = secureCookie;
    }

    public Routes register(Routes routes) {
        routes.open(HttpMethod.POST, "/api/login", this::login);
        routes.add(HttpMethod.POST, "/api/logout", Permission.VIEW, this::logout);
        routes.add(HttpMethod.GET, "/api/session", Permission.VIEW, c -> Json.ok(describe(c.session())
                .put("now", java.time.Instant.ofEpochMilli(clock.millis()).toString())));
        return routes;
    }

    private HttpReply login(Call call) throws Exception {
        JsonBody body = JsonBody.read(call, Set.of("user", "password"));
        if (!body.ok()) {
            return body.error();
        }
        String user;
        String password;
        try {
            user = body.text("user");
            password = body.text("password");
        } catch (JsonBody.BadField e) {
            return e.reply();
        }
        if (user == null || password == null) {
            return Json.badRequest("'user' and 'password' are required");
        }
        Accounts.SignIn result = accounts.signIn(user, password);
        String who = Account.validName(user) ? user : "?";
        if (result.locked()) {
            audit.audit(clock.millis(), who, "sign-in refused", "account " + who, "locked after repeated failures");
            return Json.error(HttpResponseStatus.TOO_MANY_REQUESTS, "too many failed sign-ins; try again in "
                    + result.retryAfterSeconds() + " s").withHeader("Retry-After",
                    String.valueOf(result.retryAfterSeconds()));
        }
        if (!result.ok()) {
            audit.audit(clock.millis(), who, "sign-in failed", "account " + who, "wrong name or password");
            return Json.error(HttpResponseStatus.UNAUTHORIZED, "wrong name or password");
        }
        if (call.session() != null) {
            sessions.close(call.session().token());
        }
        Session s = sessions.open(result.account());
        audit.audit(clock.millis(), s.user(), "sign-in", "account " + s.user(), "role " + s.role().wireName());
        return Json.ok(describe(s)).withHeader("Set-Cookie", cookie(s.token(), false));
    }

    private HttpReply logout(Call call) {
        sessions.close(call.session().token());
        audit.audit(clock.millis(), call.user(), "sign-out", "account " + call.user(), "");
        return HttpReply.noContent().withHeader("Set-Cookie", cookie("", true));
    }

    private String cookie(String value, boolean expire) {
        DefaultCookie c = new DefaultCookie(SessionGate.COOKIE, value);
        c.setHttpOnly(true);
        c.setSameSite(CookieHeaderNames.SameSite.Strict);
        c.setPath("/");
        c.setSecure(secureCookie);
        if (expire) {
            c.setMaxAge(0);
        }
        return ServerCookieEncoder.STRICT.encode(c);
    }

    static ObjectNode describe(Session s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("user", s.user());
        n.put("role", s.role().wireName());
        ArrayNode p = n.putArray("permissions");
        s.role().permissions().forEach(x -> p.add(x.name().toLowerCase(java.util.Locale.ROOT)));
        n.put("csrf", s.csrf());
        return n;
    }
}
