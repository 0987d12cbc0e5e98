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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT endpoint's pipeline, in order, and the bounds that apply before any packet is read: connections per
 * listener, and the time from TCP accept to a complete CONNECT (a connection trickling its CONNECT in byte by byte
 * keeps a reader-idle timer happy, not this deadline).
 */
final class MqttEndpointInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttEndpointInitializer.class);
    static final String IDLE = "idle";

    private final MqttEndpointConfig config;
    private final FeedRegistry feeds;
    private final MqttSessions sessions;
    private final IngestPipeline pipeline;
    private final MqttSignIn signIn;
    private final SignInLimiter limiter;
    private final MqttRefusals refusals;
    private final MqttExceptionHandler exceptions;
    private final AtomicInteger open = new AtomicInteger();

    MqttEndpointInitializer(MqttEndpointConfig config, FeedRegistry feeds, IngestPipeline pipeline, Clock clock,
                            MeterRegistry meters, FatalErrors fatal) {
        this.config = config;
        this.feeds = feeds;
        this.pipeline = pipeline;
        this.sessions = new MqttSessions(clock, config.limits().maxSessionBytes());
        this.signIn = new MqttSignIn(feeds, config.limits().signInQueue());
        this.limiter = new SignInLimiter(clock, config.limits().signInFailuresBurst(),
                config.limits().signInFailureRefillMillis());
        this.refusals = new MqttRefusals(meters);
        this.exceptions = new MqttExceptionHandler(fatal);
        Gauge.builder("ecmo.mqtt.connections", open, AtomicInteger::get)
                .description("open connections on the MQTT endpoint").register(meters);
        Gauge.builder("ecmo.mqtt.session.bytes", sessions, MqttSessions::bytes)
                .description("estimated bytes held by MQTT client sessions (live and persisted)").register(meters);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (open.incrementAndGet() > config.limits().maxConnections()) {
            open.decrementAndGet();
            refusals.count(MqttRefusals.Reason.CONNECTIONS_FULL);
            LOG.warn("MQTT connection from {} closed: {} connections already open (mqtt_max_connections)",
                    ch.remoteAddress(), config.limits().maxConnections());
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        ch.eventLoop().schedule(() -> {
            if (ch.isActive() && MqttConnection.of(ch) == null) {
                refusals.count(MqttRefusals.Reason.CONNECT_TIMEOUT);
                LOG.info("MQTT connection from {} closed: no complete CONNECT within {} s", ch.remoteAddress(),
                        config.connectTimeoutSeconds());
                EarlyPackets.drop(ch);
                ch.close();
            }
        }, config.connectTimeoutSeconds(), TimeUnit.SECONDS);
        build(ch.pipeline());
    }

    void build(ChannelPipeline p) {
        p.addLast("decoder", new MqttDecoder(config.maxPacketBytes(), config.limits().maxClientIdLength()));
        p.addLast("encoder", MqttEncoder.INSTANCE);
        p.addLast(IDLE, new IdleStateHandler(config.connectTimeoutSeconds(), 0, 0, TimeUnit.SECONDS));
        p.addLast("guard", new MqttProtocolGuard(pipeline, config.maxPacketBytes()));
        p.addLast("connect", new MqttConnectHandler(config, feeds, sessions, pipeline, signIn, limiter, refusals));
        p.addLast("publish", new MqttPublishHandler(pipeline));
        p.addLast("control", new MqttControlHandler());
        p.addLast("exceptions", exceptions);
    }

    void close() {
        signIn.close();
    }
}
