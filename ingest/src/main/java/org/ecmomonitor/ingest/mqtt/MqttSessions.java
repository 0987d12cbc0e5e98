package org.ecmomonitor.ingest.mqtt;

import io.netty.channel.Channel;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which client ids are connected (a second CONNECT with the same id takes over, as MQTT requires) and which have
 * a persistent session. The endpoint is not a broker: a session holds no subscriptions or queued messages, but
 * telling a reconnecting client that its session is present matters, because an MQTT 5 client told otherwise
 * discards the QoS 1 messages it has not had acknowledged, and those are the samples we promised not to lose.
 */
final class MqttSessions {
    private static final int MAX_SESSIONS = 100_000;

    private final Clock clock;
    private final Map<String, Channel> connected = new ConcurrentHashMap<>();
    private final Map<String, Long> sessionExpiry = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    MqttSessions(Clock clock) {
        this.clock = clock;
    }

    /** Registers the channel for the client id and returns the channel it replaces, or null. */
    Channel connect(String clientId, Channel ch) {
        return connected.put(clientId, ch);
    }

    void disconnected(String clientId, Channel ch, long expirySeconds) {
        connected.remove(clientId, ch);
        synchronized (sessionExpiry) {
            if (expirySeconds > 0) {
                sessionExpiry.put(clientId, clock.millis() + expirySeconds * 1000);
            } else {
                sessionExpiry.remove(clientId);
            }
        }
    }

    /** Starts a session: true when the client resumes one that has not expired (Session Present). */
    boolean resume(String clientId, boolean cleanStart) {
        synchronized (sessionExpiry) {
            Long expiry = sessionExpiry.remove(clientId);
            return !cleanStart && expiry != null && expiry > clock.millis();
        }
    }
}
