package org.ecmomonitor.ingest.mqtt;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ecmomonitor.ingest.FatalErrors;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.IngestPipeline;
import org.ecmomonitor.ingest.tls.ServerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT endpoint's pipeline, in order, and the bounds that apply before any packet is read: connections per
 * listener, and the time from TCP accept to a complete CONNECT (a connection trickling its CONNECT in byte by byte
 * keeps a reader-idle timer happy, not this deadline). One per listener; the plain-text and TLS listeners share
 * the sessions, the sign-in checker and its limiter ({@link Shared}). On the TLS listener the TLS stages come first
 * (the handshake records a device's verified client certificate, which {@link CertificateSignIn} reads at CONNECT).
 */
final class MqttEndpointInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttEndpointInitializer.class);
    static final String IDLE = "idle";

    /** What both listeners of one endpoint share. */
    static final class Shared {
        final MqttSessions sessions;
        final MqttSignIn signIn;
        final SignInLimiter limiter;
        final MqttRefusals refusals;
        final MqttExceptionHandler exceptions;

        Shared(MqttEndpointConfig config, FeedRegistry feeds, Clock clock, MeterRegistry meters, FatalErrors fatal) {
            this.sessions = new MqttSessions(clock, config.limits().maxSessionBytes());
            this.signIn = new MqttSignIn(feeds, config.limits().signInQueue());
            this.limiter = new SignInLimiter(clock, config.limits().signInFailuresBurst(),
                    config.limits().signInFailureRefillMillis());
            this.refusals = new MqttRefusals(meters);
            this.exceptions = new MqttExceptionHandler(fatal);
            Gauge.builder("ecmo.mqtt.session.bytes", sessions, MqttSessions::bytes)
                    .description("estimated bytes held by MQTT client sessions (live and persisted)").register(meters);
        }

        void close() {
            signIn.close();
        }
    }

    private final MqttEndpointConfig config;
    private final FeedRegistry feeds;
    private final IngestPipeline pipeline;
    private final Shared shared;
    /** The TLS listener's certificate, or null on the plain-text listener. */
    private final ServerTls tls;
    private final AtomicInteger open = new AtomicInteger();

    MqttEndpointInitializer(MqttEndpointConfig config, FeedRegistry feeds, IngestPipeline pipeline, Shared shared,
                            MeterRegistry meters, ServerTls tls) {
        this.config = config;
        this.feeds = feeds;
        this.pipeline = pipeline;
        this.shared = shared;
        this.tls = tls;
        Gauge.builder("ecmo.mqtt.connections", open, AtomicInteger::get)
                .tag("listener", tls == null ? "mqtt" : "mqtts")
                .description("open connections on the MQTT endpoint").register(meters);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (open.incrementAndGet() > config.limits().maxConnections()) {
            open.decrementAndGet();
            shared.refusals.count(MqttRefusals.Reason.CONNECTIONS_FULL);
            LOG.warn("MQTT connection from {} closed: {} connections already open (mqtt_max_connections)",
                    ch.remoteAddress(), config.limits().maxConnections());
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        ch.eventLoop().schedule(() -> {
            if (ch.isActive() && MqttConnection.of(ch) == null) {
                shared.refusals.count(MqttRefusals.Reason.CONNECT_TIMEOUT);
                LOG.info("MQTT connection from {} closed: no complete CONNECT within {} s", ch.remoteAddress(),
                        config.connectTimeoutSeconds());
                EarlyPackets.drop(ch);
                ch.close();
            }
        }, config.connectTimeoutSeconds(), TimeUnit.SECONDS);
        if (tls != null) {
            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
            ch.pipeline().addLast("tls-handshake", tls.handshakeHandler());
        }
        build(ch.pipeline());
    }

    void build(ChannelPipeline p) {
        p.addLast("decoder", new MqttDecoder(config.maxPacketBytes(), config.limits().maxClientIdLength()));
        p.addLast("encoder", MqttEncoder.INSTANCE);
        p.addLast(IDLE, new IdleStateHandler(config.connectTimeoutSeconds(), 0, 0, TimeUnit.SECONDS));
        p.addLast("guard", new MqttProtocolGuard(pipeline, config.maxPacketBytes()));
        p.addLast("connect", new MqttConnectHandler(config, feeds, shared.sessions, pipeline, shared.signIn,
                shared.limiter, shared.refusals));
        p.addLast("publish", new MqttPublishHandler(pipeline));
        p.addLast("control", new MqttControlHandler());
        p.addLast("exceptions", shared.exceptions);
    }
}
