package org.ecmomonitor.ingest.mqtt;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.ingest.ComponentHealth;
import org.ecmomonitor.ingest.FatalErrors;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.HealthCheck;
import org.ecmomonitor.ingest.IngestPipeline;
import org.ecmomonitor.ingest.ListenFailure;
import org.ecmomonitor.ingest.tls.TlsListener;

/**
 * The built-in MQTT endpoint (MQTT 3.1.1 and 5): bedside devices connect to it directly, no broker needed.
 * Topics {@code icu/{bed}/{device}} and {@code icu/{bed}/context}; see contract §1. Two listeners, each optional:
 * plain text ({@link MqttEndpointConfig#port()}, -1 = off) and MQTT over TLS; both share the sessions.
 */
public final class MqttEndpoint implements HealthCheck, AutoCloseable {
    private final MqttEndpointConfig config;
    private final MqttEndpointInitializer initializer;
    private final Optional<TlsListener> tlsListener;
    private final MqttEndpointInitializer tlsInitializer;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel server;
    private Channel tlsServer;

    private final MqttEndpointInitializer.Shared shared;
    private final FatalErrors fatal;

    public MqttEndpoint(MqttEndpointConfig config, FeedRegistry feeds, IngestPipeline pipeline, Clock clock,
                        MeterRegistry meters, FatalErrors fatal) {
        this(config, Optional.empty(), feeds, pipeline, clock, meters, fatal);
    }

    public MqttEndpoint(MqttEndpointConfig config, Optional<TlsListener> tls, FeedRegistry feeds,
                        IngestPipeline pipeline, Clock clock, MeterRegistry meters, FatalErrors fatal) {
        if (config.port() < 0 && tls.isEmpty()) {
            throw new IllegalArgumentException("an MQTT endpoint needs a plain-text or a TLS listener");
        }
        this.config = config;
        this.tlsListener = tls;
        this.fatal = fatal;
        this.shared = new MqttEndpointInitializer.Shared(config, feeds, clock, meters, fatal);
        this.initializer = new MqttEndpointInitializer(config, feeds, pipeline, shared, meters, null);
        this.tlsInitializer = tls.map(t -> new MqttEndpointInitializer(config, feeds, pipeline, shared, meters,
                t.tls())).orElse(null);
    }

    /**
     * Binds and returns the plain-text listener's address (the port is chosen when the config says 0), or null
     * when that listener is off; the TLS listener's is {@link #tlsAddress()}.
     */
    public synchronized InetSocketAddress start() throws InterruptedException {
        boss = new NioEventLoopGroup(1);
        workers = new NioEventLoopGroup();
        if (config.port() >= 0) {
            server = bind(initializer, config.port());
        }
        if (tlsListener.isPresent()) {
            tlsServer = bind(tlsInitializer, tlsListener.get().port());
        }
        return server == null ? null : (InetSocketAddress) server.localAddress();
    }

    private Channel bind(ChannelInitializer<SocketChannel> init, int port) throws InterruptedException {
        ChannelFuture bound = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(init)
                .bind(config.bind(), port).await();
        if (!bound.isSuccess()) {
            ListenFailure.rethrowIfBind(init == tlsInitializer ? "mqtts" : "mqtt", config.bind(), port, bound.cause());
        }
        return bound.sync().channel();
    }

    /** The MQTT-over-TLS listener's address, or null when it is off (or not started). */
    public synchronized InetSocketAddress tlsAddress() {
        return tlsServer == null ? null : (InetSocketAddress) tlsServer.localAddress();
    }

    @Override
    public ComponentHealth health() {
        Channel s = server;
        if (fatal.anyFailed()) {
            return ComponentHealth.down("mqtt", "a fatal error hit the MQTT endpoint (see the runtime component);"
                    + " devices may not be heard");
        }
        Channel t = tlsServer;
        boolean plainUp = config.port() < 0 || s != null && s.isActive();
        boolean tlsUp = tlsListener.isEmpty() || t != null && t.isActive();
        if (plainUp && tlsUp) {
            return ComponentHealth.up("mqtt", "listening on " + (s == null ? "" : s.localAddress())
                    + (t == null ? "" : (s == null ? "" : " and ") + t.localAddress() + " (TLS)"));
        }
        return ComponentHealth.down("mqtt", plainUp ? "TLS listener not listening" : "not listening");
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (tlsServer != null) {
            tlsServer.close().syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        shared.close();
    }

    /** For tests through {@code EmbeddedChannel}: the same pipeline as a real connection. */
    MqttEndpointInitializer initializer() {
        return initializer;
    }
}
