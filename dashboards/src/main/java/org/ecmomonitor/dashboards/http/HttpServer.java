package org.ecmomonitor.dashboards.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.dashboards.HttpConfig;

/** The Netty HTTP server of the dashboards and the API. */
public final class HttpServer implements AutoCloseable {
    private final HttpConfig config;
    private final Routes routes;
    private final Gate gate;
    private final WebSocketHub hub;
    private final HttpMetrics metrics;
    private EventLoopGroup group;
    private ThreadPoolExecutor workers;
    private Channel server;

    public HttpServer(HttpConfig config, Routes routes, Gate gate, WebSocketHub hub, MeterRegistry meters) {
        this.config = config;
        this.routes = routes;
        this.gate = gate;
        this.hub = hub;
        this.metrics = new HttpMetrics(meters);
    }

    public synchronized InetSocketAddress start() throws InterruptedException {
        group = new NioEventLoopGroup(2);
        workers = new ThreadPoolExecutor(2, 8, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
                r -> new Thread(r, "http-worker"));
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new HttpServerInitializer(routes, gate, hub, workers, config, metrics,
                        AllowedHosts.forBind(config.bind(), config.allowedHosts())))
                .bind(config.bind(), config.port()).sync().channel();
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdown();
        }
    }
}
