package org.ecmomonitor.dashboards.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions, in memory: a restart signs everyone out (the board's page then shows its sign-in banner).
 * A session ends after {@code idle} without a request (an open board's live feed counts as use), when its user
 * signs out, or when an admin disables the account or changes its role or password.
 */
public final class Sessions {
    /** A bound on sessions held, so that a flood of sign-ins cannot exhaust memory; the oldest idle one goes. */
    static final int MAX_SESSIONS = 10_000;

    private final Clock clock;
    private final long idleMillis;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Held> byToken = new ConcurrentHashMap<>();

    private static final class Held {
        final Session session;
        volatile long lastUsedMillis;

        Held(Session session, long now) {
            this.session = session;
            this.lastUsedMillis = now;
        }
    }

    public Sessions(Clock clock, Duration idle) {
        if (idle.toMinutes() < 1) {
            throw new IllegalArgumentException("session idle time must be at least 1 minute");
        }
        this.clock = clock;
        this.idleMillis = idle.toMillis();
    }

    public Session open(Account account) {
        if (byToken.size() >= MAX_SESSIONS) {
            byToken.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().lastUsedMillis))
                    .ifPresent(e -> byToken.remove(e.getKey()));
        }
        long now = clock.millis();
        Session s = new Session(token(), account.name(), account.role(), token(), now,
                account.passwordChangeRequired());
        byToken.put(s.token(), new Held(s, now));
        return s;
    }

    /** The live session of this token, marked as used now; empty when unknown or idle too long. */
    public Optional<Session> find(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Held h = byToken.get(token);
        long now = clock.millis();
        if (h == null) {
            return Optional.empty();
        }
        if (now - h.lastUsedMillis > idleMillis) {
            byToken.remove(token);
            return Optional.empty();
        }
        h.lastUsedMillis = now;
        return Optional.of(h.session);
    }

    /** True while the session is live, without counting this as use (the live feed's periodic check). */
    public boolean isLive(Session s) {
        Held h = byToken.get(s.token());
        return h != null && clock.millis() - h.lastUsedMillis <= idleMillis;
    }

    public void close(String token) {
        byToken.remove(token);
    }

    /** Ends every session of this user. */
    public void closeAll(String user) {
        byToken.values().removeIf(h -> h.session.user().equals(user));
    }

    /** Forgets idle sessions; production schedules it. */
    public void tick() {
        long now = clock.millis();
        byToken.values().removeIf(h -> now - h.lastUsedMillis > idleMillis);
    }

    int size() {
        return byToken.size();
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
