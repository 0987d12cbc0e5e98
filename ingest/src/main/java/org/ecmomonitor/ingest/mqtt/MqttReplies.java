package org.ecmomonitor.ingest.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;

/** Building the replies that end a connection, in the form the client's MQTT version understands. */
final class MqttReplies {
    private MqttReplies() {
    }

    /** Refuses a CONNECT with the right code for the version, then closes. */
    static void refuse(Channel ch, boolean v5, MqttConnectReturnCode v3Code, MqttConnectReturnCode v5Code) {
        MqttConnAckMessage ack = MqttMessageBuilders.connAck().returnCode(v5 ? v5Code : v3Code)
                .sessionPresent(false).build();
        ch.writeAndFlush(ack).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Ends an MQTT 5 connection with a DISCONNECT carrying the reason (MQTT 3.1.1 has no server DISCONNECT: the
     * connection is just closed).
     */
    static void disconnect(Channel ch, byte reasonCode, String reason) {
        MqttConnection c = MqttConnection.of(ch);
        if (c != null && c.isV5()) {
            MqttProperties props = new MqttProperties();
            props.add(new MqttProperties.StringProperty(
                    MqttProperties.MqttPropertyType.REASON_STRING.value(), reason));
            MqttMessage msg = new MqttMessage(
                    new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    new MqttReasonCodeAndPropertiesVariableHeader(reasonCode, props));
            ch.writeAndFlush(msg).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }
}
