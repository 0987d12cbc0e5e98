package org.ecmomonitor.ingest.mqtt;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.IngestPipeline;

/** The MQTT endpoint's pipeline, in order. */
final class MqttEndpointInitializer extends ChannelInitializer<SocketChannel> {
    static final String IDLE = "idle";
    /** Client ids longer than this are refused (MQTT allows 23 at least; gateways use longer ones). */
    private static final int MAX_CLIENT_ID_LENGTH = 128;

    private final MqttEndpointConfig config;
    private final FeedRegistry feeds;
    private final MqttSessions sessions;
    private final IngestPipeline pipeline;

    MqttEndpointInitializer(MqttEndpointConfig config, FeedRegistry feeds, MqttSessions sessions,
                            IngestPipeline pipeline) {
        this.config = config;
        this.feeds = feeds;
        this.sessions = sessions;
        this.pipeline = pipeline;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        build(ch.pipeline());
    }

    void build(ChannelPipeline p) {
        p.addLast("decoder", new MqttDecoder(config.maxPacketBytes(), MAX_CLIENT_ID_LENGTH));
        p.addLast("encoder", MqttEncoder.INSTANCE);
        p.addLast(IDLE, new IdleStateHandler(config.connectTimeoutSeconds(), 0, 0, TimeUnit.SECONDS));
        p.addLast("guard", new MqttProtocolGuard(pipeline, config.maxPacketBytes()));
        p.addLast("connect", new MqttConnectHandler(config, feeds, sessions, pipeline));
        p.addLast("publish", new MqttPublishHandler(pipeline));
        p.addLast("control", new MqttControlHandler());
        p.addLast("exceptions", MqttExceptionHandler.INSTANCE);
    }
}
