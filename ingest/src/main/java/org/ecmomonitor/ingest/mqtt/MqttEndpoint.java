package org.ecmomonitor.ingest.mqtt;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.ecmomonitor.ingest.ComponentHealth;
import org.ecmomonitor.ingest.FatalErrors;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.HealthCheck;
import org.ecmomonitor.ingest.IngestPipeline;

/**
 * The built-in MQTT endpoint (MQTT 3.1.1 and 5): bedside devices connect to it directly, no broker needed.
 * Topics {@code icu/{bed}/{device}} and {@code icu/{bed}/context}; see contract §1.
 */
public final class MqttEndpoint implements HealthCheck, AutoCloseable {
    private final MqttEndpointConfig config;
    private final MqttEndpointInitializer initializer;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel server;

    private final FatalErrors fatal;

    public MqttEndpoint(MqttEndpointConfig config, FeedRegistry feeds, IngestPipeline pipeline, Clock clock,
                        MeterRegistry meters, FatalErrors fatal) {
        this.config = config;
        this.fatal = fatal;
        this.initializer = new MqttEndpointInitializer(config, feeds, pipeline, clock, meters, fatal);
    }

    /** Binds and returns the bound address (the port is chosen when the config says 0). */
    public synchronized InetSocketAddress start() throws InterruptedException {
        boss = new NioEventLoopGroup(1);
        workers = new NioEventLoopGroup();
        server = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer)
                .bind(config.bind(), config.port()).sync().channel();
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public ComponentHealth health() {
        Channel s = server;
        if (fatal.anyFailed()) {
            return ComponentHealth.down("mqtt", "a fatal error hit the MQTT endpoint (see the runtime component);"
                    + " devices may not be heard");
        }
        return s != null && s.isActive()
                ? ComponentHealth.up("mqtt", "listening on " + s.localAddress())
                : ComponentHealth.down("mqtt", "not listening");
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        initializer.close();
    }

    /** For tests through {@code EmbeddedChannel}: the same pipeline as a real connection. */
    MqttEndpointInitializer initializer() {
        return initializer;
    }
}
