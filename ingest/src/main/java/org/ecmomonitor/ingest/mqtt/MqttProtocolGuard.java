package org.ecmomonitor.ingest.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.util.ReferenceCountUtil;
import org.ecmomonitor.ingest.IngestPipeline;
import org.ecmomonitor.ingest.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stage after the decoder: packets the decoder could not read (too large, malformed, unknown protocol
 * version) end the connection with the right code and are counted; the first packet must be CONNECT and there
 * must be only one. Everything else passes on.
 */
final class MqttProtocolGuard extends SimpleChannelInboundHandler<MqttMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttProtocolGuard.class);

    private final IngestPipeline pipeline;
    private final int maxPacketBytes;

    MqttProtocolGuard(IngestPipeline pipeline, int maxPacketBytes) {
        super(false);
        this.pipeline = pipeline;
        this.maxPacketBytes = maxPacketBytes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        if (msg.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            rejectUnreadable(ctx, msg);
            return;
        }
        MqttConnection conn = MqttConnection.of(ctx.channel());
        boolean isConnect = msg.fixedHeader().messageType() == MqttMessageType.CONNECT;
        if (conn == null && EarlyPackets.pending(ctx.channel())) {
            // the CONNECT's password is being checked: a second CONNECT is a protocol error, the rest waits
            if (isConnect || !EarlyPackets.add(ctx.channel(), msg)) {
                if (isConnect) {
                    ReferenceCountUtil.release(msg);
                }
                EarlyPackets.drop(ctx.channel());
                ctx.close();
            }
            return;
        }
        if (conn == null && !isConnect) {
            ReferenceCountUtil.release(msg);
            LOG.debug("{}: {} before CONNECT, closing", ctx.channel().remoteAddress(), msg.fixedHeader()
                    .messageType());
            ctx.close();
            return;
        }
        if (conn != null && isConnect) {
            ReferenceCountUtil.release(msg);
            MqttReplies.disconnect(ctx.channel(), MqttReasonCodes.Disconnect.PROTOCOL_ERROR.byteValue(),
                    "second CONNECT");
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void rejectUnreadable(ChannelHandlerContext ctx, MqttMessage msg) {
        Throwable cause = msg.decoderResult().cause();
        MqttConnection conn = MqttConnection.of(ctx.channel());
        String feed = conn == null ? null : conn.signedInDevice;
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            MqttReplies.refuse(ctx.channel(), false,
                    MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION);
            return;
        }
        if (cause instanceof MqttIdentifierRejectedException) {
            MqttReplies.refuse(ctx.channel(), false, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                    MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID);
            return;
        }
        if (cause instanceof TooLongFrameException) {
            pipeline.rejectUnreadable("mqtt", feed, null, RejectReason.OVERSIZE,
                    "MQTT packet over " + maxPacketBytes + " bytes from " + MqttConnection.describe(ctx.channel()),
                    -1);
            MqttReplies.disconnect(ctx.channel(), MqttReasonCodes.Disconnect.PACKET_TOO_LARGE.byteValue(),
                    "packet larger than " + maxPacketBytes + " bytes");
            return;
        }
        LOG.info("{}: malformed MQTT packet, closing: {}", MqttConnection.describe(ctx.channel()),
                cause == null ? "?" : cause.getMessage());
        MqttReplies.disconnect(ctx.channel(), MqttReasonCodes.Disconnect.MALFORMED_PACKET.byteValue(),
                "malformed packet");
    }
}
