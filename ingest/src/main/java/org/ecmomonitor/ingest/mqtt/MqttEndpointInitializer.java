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
import org.ecmomonitor.ingest.tls.ServerTls;

/**
 * The MQTT endpoint's pipeline, in order; on the TLS listener the TLS stages come first (the handshake records a
 * device's verified client certificate, which {@link CertificateSignIn} reads at CONNECT).
 */
final class MqttEndpointInitializer extends ChannelInitializer<SocketChannel> {
    static final String IDLE = "idle";
    /** Client ids longer than this are refused (MQTT allows 23 at least; gateways use longer ones). */
    private static final int MAX_CLIENT_ID_LENGTH = 128;

    private final MqttEndpointConfig config;
    private final FeedRegistry feeds;
    private final MqttSessions sessions;
    private final IngestPipeline pipeline;
    /** The TLS listener's certificate, or null on the plain-text listener. */
    private final ServerTls tls;

    MqttEndpointInitializer(MqttEndpointConfig config, FeedRegistry feeds, MqttSessions sessions,
                            IngestPipeline pipeline, ServerTls tls) {
        this.config = config;
        this.feeds = feeds;
        this.sessions = sessions;
        this.pipeline = pipeline;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (tls != null) {
            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
            ch.pipeline().addLast("tls-handshake", tls.handshakeHandler());
        }
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
