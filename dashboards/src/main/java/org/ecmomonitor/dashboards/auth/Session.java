package org.ecmomonitor.dashboards.auth;

import java.util.Objects;

/**
 * A signed-in user's session.
 *
 * @param token the cookie value (random, 256 bits)
 * @param csrf the token state-changing requests must echo in {@code X-CSRF-Token}
 * @param passwordChangeRequired the user signed in with a generated password: only the password change is open
 */
public record Session(String token, String user, Role role, String csrf, long createdMillis,
                      boolean passwordChangeRequired) {
    public Session {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(csrf, "csrf");
    }

    public boolean may(Permission p) {
        return role.may(p);
    }

    @Override
    public String toString() {
        return "Session[" + user + ", " + role.wireName() + "]";
    }
}
