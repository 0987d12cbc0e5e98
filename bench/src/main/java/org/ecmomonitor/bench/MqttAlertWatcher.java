package org.ecmomonitor.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Subscribes to a broker's {@code alerts/#} (where the Node-RED peer publishes its alerts, one JSON object per
 * alert) for an {@link AlertCheck}, QoS 0: it measures when an alert arrives, it does not need it redelivered.
 */
final class MqttAlertWatcher extends SimpleChannelInboundHandler<MqttMessage> implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertCheck check;
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private Channel channel;

    MqttAlertWatcher(AlertCheck check) {
        this.check = check;
    }

    void connect(int port) throws Exception {
        MqttAlertWatcher handler = this;
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE, handler);
                    }
                }).connect("127.0.0.1", port).sync().channel();
        subscribed.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(MqttMessageBuilders.connect().clientId("bench-alert-watcher")
                .protocolVersion(MqttVersion.MQTT_3_1_1).cleanSession(true).keepAlive(60).build());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        MqttMessageType type = msg.fixedHeader().messageType();
        if (type == MqttMessageType.CONNACK) {
            ctx.writeAndFlush(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "alerts/#").build());
        } else if (type == MqttMessageType.SUBACK) {
            subscribed.complete(null);
        } else if (type == MqttMessageType.PUBLISH) {
            long now = System.currentTimeMillis();
            String text = ((MqttPublishMessage) msg).payload().toString(StandardCharsets.UTF_8);
            try {
                check.onAlert(JSON.readTree(text), now);
            } catch (java.io.IOException | RuntimeException e) {
                check.unreadable(text.length() > 200 ? text.substring(0, 200) : text);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        subscribed.completeExceptionally(cause);
        ctx.close();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
