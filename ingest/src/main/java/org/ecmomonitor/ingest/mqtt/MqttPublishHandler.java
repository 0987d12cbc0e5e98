package org.ecmomonitor.ingest.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import java.util.concurrent.CompletableFuture;
import org.ecmomonitor.ingest.Delivery;
import org.ecmomonitor.ingest.InboundMessage;
import org.ecmomonitor.ingest.IngestPipeline;
import org.ecmomonitor.ingest.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISH at QoS 0 and 1: hands the message to the ingest pipeline and sends PUBACK only once the pipeline says
 * it is durable. PUBACKs go out in arrival order because the pipeline completes messages in order. A message the
 * pipeline could not take (queue full, store gone at shutdown) is not acknowledged: the connection is closed so
 * that the client resends it on reconnect. QoS 2 is not offered (MQTT 5 CONNACK says Maximum QoS 1).
 */
final class MqttPublishHandler extends SimpleChannelInboundHandler<MqttPublishMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttPublishHandler.class);

    private final IngestPipeline pipeline;

    MqttPublishHandler(IngestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttPublishMessage msg) {
        Channel ch = ctx.channel();
        MqttConnection conn = MqttConnection.of(ch);
        MqttQoS qos = msg.fixedHeader().qosLevel();
        if (qos == MqttQoS.EXACTLY_ONCE || qos == MqttQoS.FAILURE) {
            pipeline.rejectUnreadable("mqtt", conn.signedInDevice, msg.variableHeader().topicName(),
                    RejectReason.BAD_FIELD_VALUE, "QoS 2 is not supported; publish at QoS 0 or 1",
                    msg.payload().readableBytes());
            MqttReplies.disconnect(ch, MqttReasonCodes.Disconnect.QOS_NOT_SUPPORTED.byteValue(),
                    "QoS 2 is not supported");
            return;
        }
        String topic = msg.variableHeader().topicName();
        int packetId = msg.variableHeader().packetId();
        if (qos == MqttQoS.AT_LEAST_ONCE && ++conn.inflight > conn.receiveMaximum && conn.isV5()) {
            MqttReplies.disconnect(ch, MqttReasonCodes.Disconnect.RECEIVE_MAXIMUM_EXCEEDED.byteValue(),
                    "more than " + conn.receiveMaximum + " unacknowledged QoS 1 messages");
            return;
        }
        byte[] payload = ByteBufUtil.getBytes(msg.payload());
        CompletableFuture<Delivery> stored =
                pipeline.submit(new InboundMessage(topic, payload, "mqtt", conn.signedInDevice, conn.trusted));
        if (qos == MqttQoS.AT_MOST_ONCE) {
            return;
        }
        stored.whenComplete((delivery, error) -> ctx.executor().execute(() -> {
            conn.inflight--;
            if (error != null) {
                LOG.warn("{}: message {} not stored ({}); closing so that the client resends it",
                        MqttConnection.describe(ch), packetId, error.getMessage());
                MqttReplies.disconnect(ch, MqttReasonCodes.Disconnect.SERVER_BUSY.byteValue(),
                        "message not stored, resend");
                return;
            }
            if (ch.isActive()) {
                ch.writeAndFlush(pubAck(conn, packetId, delivery));
            }
        }));
    }

    private static MqttMessage pubAck(MqttConnection conn, int packetId, Delivery delivery) {
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
        if (!conn.isV5() || !delivery.fullyRejected()) {
            return new MqttMessage(header, MqttMessageIdVariableHeader.from(packetId));
        }
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(),
                "rejected: " + delivery.firstReason().wireName()));
        return new MqttMessage(header, new MqttPubReplyMessageVariableHeader(packetId,
                reasonCode(delivery.firstReason()), props));
    }

    /** MQTT 5 PUBACK reason for a message none of whose items was accepted (it is dead-lettered all the same). */
    static byte reasonCode(RejectReason reason) {
        return switch (reason) {
            case BAD_TOPIC -> MqttReasonCodes.PubAck.TOPIC_NAME_INVALID.byteValue();
            case UNAUTHORIZED -> MqttReasonCodes.PubAck.NOT_AUTHORIZED.byteValue();
            case OVERLOADED, LIMIT_EXCEEDED -> MqttReasonCodes.PubAck.QUOTA_EXCEEDED.byteValue();
            default -> MqttReasonCodes.PubAck.PAYLOAD_FORMAT_INVALID.byteValue();
        };
    }
}
