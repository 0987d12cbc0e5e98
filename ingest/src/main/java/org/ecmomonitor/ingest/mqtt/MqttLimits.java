package org.ecmomonitor.ingest.mqtt;

/**
 * Bounds of the MQTT endpoint (issue 14), each refused with a clear reason and counted in
 * {@code ecmo_mqtt_refused_total{reason}}.
 *
 * @param maxClientIdLength longer client ids are refused (MQTT guarantees 23; gateways use longer ones)
 * @param maxConnections open connections on the listener; past it a new connection is closed at once
 * @param maxSessionBytes what client sessions (live and persisted for reconnection) may hold, estimated in bytes;
 *     past it a CONNECT that would add a session is refused (Quota exceeded)
 * @param signInFailuresBurst wrong passwords allowed in a row per device and per remote address before sign-ins
 *     from there are refused without being checked
 * @param signInFailureRefillMillis one more failure is allowed per this time (token bucket)
 * @param signInQueue password checks that may wait for the checking threads; past it CONNECTs are refused as busy
 */
public record MqttLimits(int maxClientIdLength, int maxConnections, long maxSessionBytes, int signInFailuresBurst,
                         long signInFailureRefillMillis, int signInQueue) {
    public static final MqttLimits DEFAULTS = new MqttLimits(128, 2_000, 16L * 1024 * 1024, 5, 2_000, 64);

    public MqttLimits {
        if (maxClientIdLength < 23 || maxClientIdLength > 65_535) {
            throw new IllegalArgumentException("mqtt client id length limit must be within 23..65535");
        }
        if (maxConnections < 1 || maxSessionBytes < 1024 || signInFailuresBurst < 1
                || signInFailureRefillMillis < 1 || signInQueue < 1) {
            throw new IllegalArgumentException("mqtt limits must be positive");
        }
    }
}
