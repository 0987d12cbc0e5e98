package org.ecmomonitor.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.ecmomonitor.alerts.AuditLog;
import org.ecmomonitor.dashboards.auth.Account;
import org.ecmomonitor.dashboards.auth.Accounts;
import org.ecmomonitor.dashboards.auth.Session;
import org.ecmomonitor.dashboards.auth.Sessions;
import org.ecmomonitor.dashboards.auth.SignInThrottle;
import org.ecmomonitor.dashboards.http.Call;
import org.ecmomonitor.dashboards.http.HttpReply;
import org.ecmomonitor.dashboards.http.Json;
import org.ecmomonitor.dashboards.http.JsonBody;
import org.ecmomonitor.dashboards.http.Routes;
import org.ecmomonitor.dashboards.http.SessionGate;

/**
 * Sign-in and sign-out: {@code POST /api/login} {@code {"user", "password", "next"?}} sets the session cookie and
 * returns the session (user, role, permissions, CSRF token, whether a password change is required, and {@code next}
 * made safe, see {@link NextPage}); {@code GET /api/session} returns it again; {@code POST /api/logout} ends it;
 * {@code POST /api/password} {@code {"current", "new"}} changes the user's own password (the only call open to a
 * user who signed in with a generated password) and starts a new session. Guessing is limited per name and client
 * address ({@link SignInThrottle}, 429 with Retry-After); every successful sign-in is in the audit log, failed and
 * refused ones aggregated ({@link FailedSignIns}).
 */
public final class AuthRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Accounts accounts;
    private final Sessions sessions;
    private final AuditLog audit;
    private final Clock clock;
    private final boolean secureCookie;
    private final SignInThrottle throttle;
    private final FailedSignIns failures;
    private final Consumer<Account> passwordChanged;

    /**
     * @param secureCookie mark the cookie Secure (when users reach us through a TLS proxy)
     * @param passwordChanged told after a user changed their own password (the monitor then deletes the first
     *                        admin's password file)
     */
    public AuthRoutes(Accounts accounts, Sessions sessions, AuditLog audit, Clock clock, boolean secureCookie,
                      SignInThrottle throttle, MeterRegistry meters, Consumer<Account> passwordChanged) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
        this.secureCookie = secureCookie;
        this.throttle = throttle;
        this.failures = new FailedSignIns(audit, clock, meters);
        this.passwordChanged = passwordChanged;
    }

    public Routes register(Routes routes) {
        routes.open(HttpMethod.POST, "/api/login", this::login);
        routes.ownAccount(HttpMethod.POST, "/api/logout", this::logout);
        routes.ownAccount(HttpMethod.GET, "/api/session", c -> Json.ok(describe(c.session())
                .put("now", java.time.Instant.ofEpochMilli(clock.millis()).toString())));
        routes.ownAccount(HttpMethod.POST, "/api/password", this::changePassword);
        return routes;
    }

    /** Writes the aggregated failed sign-ins of minutes that are over, forgets expired throttle records. */
    public void tick() {
        failures.tick();
        throttle.tick();
    }

    private HttpReply login(Call call) throws Exception {
        JsonBody body = JsonBody.read(call, Set.of("user", "password", "next"));
        if (!body.ok()) {
            return body.error();
        }
        String user;
        String password;
        String next;
        try {
            user = body.text("user");
            password = body.text("password");
            next = body.text("next");
        } catch (JsonBody.BadField e) {
            return e.reply();
        }
        if (user == null || password == null) {
            return Json.badRequest("'user' and 'password' are required");
        }
        String who = Account.validName(user) ? user : "?";
        String address = call.clientAddress();
        SignInThrottle.Verdict verdict = throttle.check(who, address);
        if (!verdict.allowed()) {
            return refused(who, address, verdict);
        }
        Optional<Account> account = accounts.verify(user, password);
        if (account.isEmpty()) {
            throttle.failed(who, address);
            failures.record("sign-in failed", who, address, "wrong_password", "wrong name or password");
            return Json.error(HttpResponseStatus.UNAUTHORIZED, "wrong name or password");
        }
        throttle.succeeded(who, address);
        if (call.session() != null) {
            sessions.close(call.session().token());
        }
        Session s = sessions.open(account.get());
        audit.audit(clock.millis(), s.user(), "sign-in", "account " + s.user(), "role " + s.role().wireName()
                + ", from " + address + (s.passwordChangeRequired() ? ", password change required" : ""));
        return Json.ok(describe(s).put("next", NextPage.safe(next)))
                .withHeader("Set-Cookie", cookie(s.token(), false));
    }

    private HttpReply refused(String who, String address, SignInThrottle.Verdict verdict) {
        String reason = verdict.refusal().name().toLowerCase(java.util.Locale.ROOT);
        String message = switch (verdict.refusal()) {
            case NAME_LOCKED -> "too many failed sign-ins for this name from this computer";
            case ADDRESS_THROTTLED -> "too many failed sign-ins from this computer";
            case TOO_MANY_ADDRESSES -> "too many failed sign-ins from many computers; sign-in from new computers"
                    + " is paused";
        };
        failures.record("sign-in refused", who, address, reason, message);
        return Json.error(HttpResponseStatus.TOO_MANY_REQUESTS, message + "; try again in "
                + verdict.retryAfterSeconds() + " s").withHeader("Retry-After",
                String.valueOf(verdict.retryAfterSeconds()));
    }

    private HttpReply changePassword(Call call) throws Exception {
        JsonBody body = JsonBody.read(call, Set.of("current", "new"));
        if (!body.ok()) {
            return body.error();
        }
        String current;
        String fresh;
        try {
            current = body.text("current");
            fresh = body.text("new");
        } catch (JsonBody.BadField e) {
            return e.reply();
        }
        if (current == null || fresh == null) {
            return Json.badRequest("'current' and 'new' are required");
        }
        String user = call.user();
        String address = call.clientAddress();
        SignInThrottle.Verdict verdict = throttle.check(user, address);
        if (!verdict.allowed()) {
            return refused(user, address, verdict);
        }
        if (accounts.verify(user, current).isEmpty()) {
            throttle.failed(user, address);
            failures.record("sign-in failed", user, address, "wrong_password", "wrong current password at a"
                    + " password change");
            return Json.error(HttpResponseStatus.FORBIDDEN, "the current password is wrong");
        }
        Account changed;
        try {
            changed = accounts.changeOwnPassword(user, fresh);
        } catch (IllegalArgumentException e) {
            return Json.badRequest(e.getMessage());
        }
        sessions.closeAll(user);
        Session s = sessions.open(changed);
        audit.audit(clock.millis(), user, "password changed", "account " + user, "by the user, from " + address);
        passwordChanged.accept(changed);
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
        n.put("passwordChangeRequired", s.passwordChangeRequired());
        return n;
    }
}
