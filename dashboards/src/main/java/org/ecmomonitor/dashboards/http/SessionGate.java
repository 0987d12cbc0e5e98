package org.ecmomonitor.dashboards.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import org.ecmomonitor.dashboards.auth.Permission;
import org.ecmomonitor.dashboards.auth.Session;
import org.ecmomonitor.dashboards.auth.Sessions;

/**
 * Sessions by cookie, permissions by role, and CSRF protection: a state-changing request (anything but GET and
 * HEAD) must come from our own origin when the browser names one, and must carry the session's token in
 * {@code X-CSRF-Token}. The cookie is HttpOnly and SameSite=Strict, so other sites' pages neither read nor send it.
 * A user who signed in with a generated password (the first admin's) may only change it: any other API answers
 * 403 {@value #PASSWORD_CHANGE_REQUIRED}, any other page sends them to {@value #PASSWORD_PAGE}.
 */
public final class SessionGate implements Gate {
    public static final String COOKIE = "ecmo_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Where a user who signed in with a generated password chooses their own. */
    public static final String PASSWORD_PAGE = "/password";
    public static final String PASSWORD_CHANGE_REQUIRED = "password change required: choose your own password first";

    private final Sessions sessions;

    public SessionGate(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Admission admit(HttpRequest request, Permission needed, boolean page, boolean beforePasswordChange) {
        boolean changes = !request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD);
        if (changes && !Origins.sameOrigin(request)) {
            return Admission.refused(Json.error(HttpResponseStatus.FORBIDDEN, "cross-origin request refused"));
        }
        Optional<Session> session = sessions.find(cookie(request));
        if (needed == null) {
            return Admission.allowed(session.orElse(null));
        }
        if (session.isEmpty()) {
            if (page) {
                return Admission.refused(HttpReply.seeOther(withNext("/login", request)));
            }
            return Admission.refused(Json.error(HttpResponseStatus.UNAUTHORIZED, "sign in first"));
        }
        Session s = session.get();
        if (s.passwordChangeRequired() && !beforePasswordChange) {
            return Admission.refused(page ? HttpReply.seeOther(withNext(PASSWORD_PAGE, request))
                    : Json.error(HttpResponseStatus.FORBIDDEN, PASSWORD_CHANGE_REQUIRED));
        }
        if (!s.may(needed)) {
            return Admission.refused(Json.error(HttpResponseStatus.FORBIDDEN, "the role " + s.role().wireName()
                    + " may not " + needed.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        }
        if (changes && !csrfMatches(request, s)) {
            return Admission.refused(Json.error(HttpResponseStatus.FORBIDDEN, "missing or wrong " + CSRF_HEADER
                    + " header (GET /api/session gives the token)"));
        }
        return Admission.allowed(s);
    }

    /** A page of ours that returns to the requested one afterwards. */
    private static String withNext(String page, HttpRequest request) {
        QueryStringEncoder e = new QueryStringEncoder(page);
        e.addParam("next", new QueryStringDecoder(request.uri()).path());
        return e.toString();
    }

    static boolean csrfMatches(HttpRequest request, Session s) {
        String sent = request.headers().get(CSRF_HEADER);
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                s.csrf().getBytes(StandardCharsets.UTF_8));
    }

    /** The session cookie's value, or null; a malformed Cookie header counts as none. */
    public static String cookie(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        for (Cookie c : ServerCookieDecoder.STRICT.decode(header)) {
            if (c.name().equals(COOKIE)) {
                return c.value();
            }
        }
        return null;
    }
}
