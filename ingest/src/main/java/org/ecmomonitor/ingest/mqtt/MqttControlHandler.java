package org.ecmomonitor.ingest.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rest of the protocol: PINGREQ, DISCONNECT, keep-alive expiry, and SUBSCRIBE/UNSUBSCRIBE, which this
 * endpoint answers but does not serve (it takes device data in; it is not a broker), so every subscription gets a
 * failure code: 0x80 (MQTT 3.1.1) or 0x8F Topic Filter invalid (MQTT 5).
 */
final class MqttControlHandler extends SimpleChannelInboundHandler<MqttMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttControlHandler.class);

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        MqttConnection conn = MqttConnection.of(ctx.channel());
        switch (msg.fixedHeader().messageType()) {
            case PINGREQ -> ctx.writeAndFlush(new MqttMessage(
                    new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0)));
            case DISCONNECT -> ctx.close();
            case SUBSCRIBE -> refuseSubscriptions(ctx, (MqttSubscribeMessage) msg, conn);
            case UNSUBSCRIBE -> {
                MqttUnsubscribeMessage u = (MqttUnsubscribeMessage) msg;
                MqttMessageBuilders.UnsubAckBuilder ack = MqttMessageBuilders.unsubAck()
                        .packetId(u.variableHeader().messageId());
                if (conn.isV5()) {
                    for (int i = 0; i < u.payload().topics().size(); i++) {
                        ack.addReasonCode(MqttReasonCodes.UnsubAck.NO_SUBSCRIPTION_EXISTED.byteValue());
                    }
                }
                ctx.writeAndFlush(ack.build());
            }
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> LOG.debug("{}: ignoring {} (we send no publishes)",
                    MqttConnection.describe(ctx.channel()), msg.fixedHeader().messageType());
            default -> {
                LOG.info("{}: unexpected {}, closing", MqttConnection.describe(ctx.channel()),
                        msg.fixedHeader().messageType());
                MqttReplies.disconnect(ctx.channel(), MqttReasonCodes.Disconnect.PROTOCOL_ERROR.byteValue(),
                        "unexpected " + msg.fixedHeader().messageType());
            }
        }
        ReferenceCountUtil.release(msg);
    }

    private static void refuseSubscriptions(ChannelHandlerContext ctx, MqttSubscribeMessage s, MqttConnection c) {
        int code = c.isV5() ? MqttReasonCodes.SubAck.TOPIC_FILTER_INVALID.byteValue() & 0xFF
                : MqttQoS.FAILURE.value();
        int[] codes = new int[s.payload().topicSubscriptions().size()];
        java.util.Arrays.fill(codes, code);
        ctx.writeAndFlush(new MqttSubAckMessage(
                new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(s.idAndPropertiesVariableHeader().messageId()),
                new MqttSubAckPayload(codes)));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.info("{}: keep-alive expired, closing", MqttConnection.describe(ctx.channel()));
            MqttReplies.disconnect(ctx.channel(), MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT.byteValue(),
                    "keep-alive timeout");
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
