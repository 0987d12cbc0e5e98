package org.ecmomonitor.ingest.mqtt;

import java.util.Objects;

/**
 * The built-in MQTT endpoint's settings.
 *
 * @param port 0 for a free port, -1 for no plain-text listener (MQTT over TLS only)
 * @param maxPacketBytes the largest MQTT packet read (advertised as Maximum Packet Size to MQTT 5 clients)
 * @param receiveMaximum QoS 1 messages a client may have unacknowledged at once (MQTT 5 Receive Maximum)
 * @param maxKeepAliveSeconds the longest keep-alive granted; clients asking for more (or none) get this
 * @param connectTimeoutSeconds a connection that sends no CONNECT within this is closed
 * @param allowAnonymous whether devices without credentials may connect
 */
public record MqttEndpointConfig(String bind, int port, int maxPacketBytes, int receiveMaximum,
                                 int maxKeepAliveSeconds, int connectTimeoutSeconds, boolean allowAnonymous) {

    public MqttEndpointConfig {
        Objects.requireNonNull(bind, "bind");
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("mqtt port must be within -1..65535");
        }
        if (maxPacketBytes < 1024 || receiveMaximum < 1 || receiveMaximum > 65535 || maxKeepAliveSeconds < 1
                || maxKeepAliveSeconds > 65535 || connectTimeoutSeconds < 1) {
            throw new IllegalArgumentException("mqtt endpoint limits out of range");
        }
    }
}
