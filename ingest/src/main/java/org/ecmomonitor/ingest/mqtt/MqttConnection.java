package org.ecmomonitor.ingest.mqtt;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;

/** Per-connection state, set by CONNECT; touched only on the channel's event loop. */
final class MqttConnection {
    static final AttributeKey<MqttConnection> KEY = AttributeKey.valueOf("ecmo.mqtt.connection");

    final String clientId;
    final MqttVersion version;
    /** The feed this connection signed in as, or null when anonymous. */
    final String signedInDevice;
    /** An anonymous demo gateway on loopback, taken as the trusted site broker's messages are. */
    final boolean trusted;
    final int receiveMaximum;
    int inflight;

    MqttConnection(String clientId, MqttVersion version, String signedInDevice, boolean trusted, int receiveMaximum) {
        this.clientId = clientId;
        this.version = version;
        this.signedInDevice = signedInDevice;
        this.trusted = trusted;
        this.receiveMaximum = receiveMaximum;
    }

    boolean isV5() {
        return version == MqttVersion.MQTT_5;
    }

    static MqttConnection of(Channel ch) {
        return ch.attr(KEY).get();
    }

    /** Who the channel is, for log lines: client id and remote address. */
    static String describe(Channel ch) {
        MqttConnection c = of(ch);
        return (c == null ? "(before CONNECT)" : c.clientId) + "@" + ch.remoteAddress();
    }
}
