package org.ecmomonitor.ingest.mqtt;

import java.util.Objects;

/**
 * The built-in MQTT endpoint's settings.
 *
 * @param port 0 for a free port, -1 for no plain-text listener (MQTT over TLS only)
 * @param maxPacketBytes the largest MQTT packet read (advertised as Maximum Packet Size to MQTT 5 clients)
 * @param receiveMaximum QoS 1 messages a client may have unacknowledged at once (MQTT 5 Receive Maximum)
 * @param maxKeepAliveSeconds the longest keep-alive granted; clients asking for more (or none) get this
 * @param connectTimeoutSeconds a connection whose CONNECT has not fully arrived this long after the TCP accept is
 *     closed, however slowly it trickles in
 * @param anonymous who may connect without credentials
 * @param limits the bounds on connections, client ids, sessions and failed sign-ins
 */
public record MqttEndpointConfig(String bind, int port, int maxPacketBytes, int receiveMaximum,
                                 int maxKeepAliveSeconds, int connectTimeoutSeconds, Anonymous anonymous,
                                 MqttLimits limits) {

    /** Connections without credentials. */
    public enum Anonymous {
        /** Refused (the default for {@code run}). */
        REFUSED,
        /** Allowed; they publish for feeds without a password and send no context. */
        ALLOWED,
        /**
         * The demo's simulated bedside gateways: allowed from loopback only and taken as the trusted site broker's
         * messages would be (they send context); refused from any other address.
         */
        LOOPBACK_GATEWAYS
    }

    public MqttEndpointConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(anonymous, "anonymous");
        Objects.requireNonNull(limits, "limits");
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("mqtt port must be within -1..65535");
        }
        if (maxPacketBytes < 1024 || receiveMaximum < 1 || receiveMaximum > 65535 || maxKeepAliveSeconds < 1
                || maxKeepAliveSeconds > 65535 || connectTimeoutSeconds < 1) {
            throw new IllegalArgumentException("mqtt endpoint limits out of range");
        }
    }

    /** With the default limits, anonymous devices allowed or refused. */
    public MqttEndpointConfig(String bind, int port, int maxPacketBytes, int receiveMaximum, int maxKeepAliveSeconds,
                              int connectTimeoutSeconds, boolean allowAnonymous) {
        this(bind, port, maxPacketBytes, receiveMaximum, maxKeepAliveSeconds, connectTimeoutSeconds,
                allowAnonymous ? Anonymous.ALLOWED : Anonymous.REFUSED, MqttLimits.DEFAULTS);
    }

    public MqttEndpointConfig withLimits(MqttLimits newLimits) {
        return new MqttEndpointConfig(bind, port, maxPacketBytes, receiveMaximum, maxKeepAliveSeconds,
                connectTimeoutSeconds, anonymous, newLimits);
    }
}
