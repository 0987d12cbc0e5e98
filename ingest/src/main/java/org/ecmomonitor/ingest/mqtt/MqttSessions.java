package org.ecmomonitor.ingest.mqtt;

import io.netty.channel.Channel;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Client sessions by client id: the live connection, or how long a persistent session outlives it. The endpoint is
 * not a broker: a session holds no subscriptions or queued messages, but telling a reconnecting client that its
 * session is present matters, because an MQTT 5 client told otherwise discards the QoS 1 messages it has not had
 * acknowledged, and those are the samples we promised not to lose.
 *
 * <p>A client id belongs to whoever made its session (issue 14): the same device may take it over (a reconnect),
 * a signed-in device may take over an anonymous one's, but nobody else may, live or persisted. Sessions are bounded
 * by an estimate of what they hold in bytes; past it a new session is refused and no existing one is dropped (a
 * dropped session would make a device discard unacknowledged samples).
 */
final class MqttSessions {
    /** What one session costs besides its strings: map entry, record, channel reference. */
    static final int SESSION_OVERHEAD_BYTES = 128;

    enum Outcome { TAKEN, OWNED_BY_ANOTHER, OVER_QUOTA }

    /** The answer to a claim: the outcome, the connection it replaces (or null), and MQTT's Session Present. */
    record Claim(Outcome outcome, Channel replaced, boolean sessionPresent) {
    }

    private final Clock clock;
    private final long maxBytes;
    private final Map<String, Session> sessions = new HashMap<>();
    private long bytes;

    MqttSessions(Clock clock, long maxBytes) {
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    /**
     * Claims the client id for a connection signed in as {@code owner} ("" when anonymous). Session Present is true
     * when the client resumes a session that has not expired, or takes over a live one, without Clean Start.
     */
    synchronized Claim claim(String clientId, String owner, Channel ch, boolean cleanStart) {
        long now = clock.millis();
        Session s = sessions.get(clientId);
        if (s != null && s.expired(now)) {
            remove(clientId, s);
            s = null;
        }
        if (s != null && !s.owner.equals(owner) && !(s.owner.isEmpty() && !owner.isEmpty())) {
            return new Claim(Outcome.OWNED_BY_ANOTHER, null, false);
        }
        if (s == null) {
            long cost = cost(clientId, owner);
            if (bytes + cost > maxBytes) {
                sweep(now);
            }
            if (bytes + cost > maxBytes) {
                return new Claim(Outcome.OVER_QUOTA, null, false);
            }
            s = new Session(owner, cost);
            sessions.put(clientId, s);
            bytes += cost;
            s.channel = ch;
            return new Claim(Outcome.TAKEN, null, false);
        }
        boolean present = !cleanStart && (s.channel != null || s.expiresAtMillis > now);
        Channel replaced = s.channel;
        if (!s.owner.equals(owner)) {
            remove(clientId, s);
            s = new Session(owner, cost(clientId, owner));
            sessions.put(clientId, s);
            bytes += s.cost;
            present = false;
        }
        s.channel = ch;
        s.expiresAtMillis = 0;
        return new Claim(Outcome.TAKEN, replaced, present);
    }

    /** The connection ended: its session ends too, or lasts {@code expirySeconds} for the client to come back. */
    synchronized void disconnected(String clientId, Channel ch, long expirySeconds) {
        Session s = sessions.get(clientId);
        if (s == null || s.channel != ch) {
            return;
        }
        s.channel = null;
        if (expirySeconds > 0) {
            s.expiresAtMillis = clock.millis() + expirySeconds * 1000;
        } else {
            remove(clientId, s);
        }
    }

    /** Estimated bytes the sessions hold now. */
    synchronized long bytes() {
        return bytes;
    }

    private void sweep(long now) {
        Iterator<Map.Entry<String, Session>> it = sessions.entrySet().iterator();
        while (it.hasNext()) {
            Session s = it.next().getValue();
            if (s.expired(now)) {
                bytes -= s.cost;
                it.remove();
            }
        }
    }

    private void remove(String clientId, Session s) {
        sessions.remove(clientId);
        bytes -= s.cost;
    }

    private static long cost(String clientId, String owner) {
        return 2L * clientId.length() + 2L * owner.length() + SESSION_OVERHEAD_BYTES;
    }

    private static final class Session {
        final String owner;
        final long cost;
        Channel channel;
        long expiresAtMillis;

        Session(String owner, long cost) {
            this.owner = owner;
            this.cost = cost;
        }

        boolean expired(long now) {
            return channel == null && expiresAtMillis <= now;
        }
    }
}
