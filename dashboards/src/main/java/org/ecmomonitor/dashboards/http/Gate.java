package org.ecmomonitor.dashboards.http;

import io.netty.handler.codec.http.HttpRequest;
import org.ecmomonitor.dashboards.auth.Permission;
import org.ecmomonitor.dashboards.auth.Session;

/** Decides whether a request may reach its route: who is calling, and may they do this. */
public interface Gate {
    /**
     * @param needed the permission the route needs, or null for a public route
     * @param page true for a web page (the refusal of a stranger is a redirect to sign-in, not a 401)
     * @param beforePasswordChange true for the few routes open to a user who must change a generated password
     */
    Admission admit(HttpRequest request, Permission needed, boolean page, boolean beforePasswordChange);

    /** Either the caller's session (null on a public route without one) or the reply that refuses the request. */
    record Admission(Session session, HttpReply refusal) {
        public static Admission allowed(Session session) {
            return new Admission(session, null);
        }

        public static Admission refused(HttpReply refusal) {
            return new Admission(null, refusal);
        }

        public boolean isAllowed() {
            return refusal == null;
        }
    }
}
