package org.ecmomonitor.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.concurrent.CompletableFuture;

/**
 * One virtual bed's MQTT 3.1.1 connection: sends QoS 1 publishes without waiting (open loop) and, when the PUBACK
 * comes (the endpoint sends it once the samples are durable), records the latency from the publish's scheduled
 * time. Runs on its channel's event loop only.
 */
final class BedConnection extends SimpleChannelInboundHandler<MqttMessage> {
    private final String clientId;
    private final Measurements measurements;
    private final IntObjectHashMap<long[]> inflight = new IntObjectHashMap<>();
    final CompletableFuture<Channel> connected = new CompletableFuture<>();
    private Channel channel;
    private int nextId = 1;

    BedConnection(String clientId, Measurements measurements) {
        this.clientId = clientId;
        this.measurements = measurements;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.writeAndFlush(MqttMessageBuilders.connect().clientId(clientId).protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(true).keepAlive(60).build());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        MqttMessageType type = msg.fixedHeader().messageType();
        if (type == MqttMessageType.CONNACK) {
            MqttConnectReturnCode code = ((MqttConnAckMessage) msg).variableHeader().connectReturnCode();
            if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                connected.complete(ctx.channel());
            } else {
                connected.completeExceptionally(new IllegalStateException(clientId + " refused: " + code));
            }
        } else if (type == MqttMessageType.PUBACK) {
            long[] sent = inflight.remove(((MqttPubAckMessage) msg).variableHeader().messageId());
            if (sent != null) {
                measurements.acknowledged(System.nanoTime() - sent[0], (int) sent[1]);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        measurements.unacknowledgedAtClose(inflight.size());
        inflight.clear();
        connected.completeExceptionally(new IllegalStateException(clientId + " closed"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Publishes (on the event loop); {@code scheduledNanos} is when the open-loop schedule meant it to go. */
    void publish(String topic, byte[] payload, int samples, long scheduledNanos) {
        if (channel == null || !channel.isActive()) {
            measurements.notSent(samples);
            return;
        }
        int id = nextId;
        nextId = nextId == 65535 ? 1 : nextId + 1;
        inflight.put(id, new long[] {scheduledNanos, samples});
        measurements.sent(samples);
        channel.writeAndFlush(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).messageId(id)
                .payload(Unpooled.wrappedBuffer(payload)).build());
    }

    void close() {
        if (channel != null) {
            channel.close();
        }
    }
}
