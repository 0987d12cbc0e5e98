package org.ecmomonitor.dashboards.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.dashboards.HttpConfig;
import org.ecmomonitor.ingest.ListenFailure;
import org.ecmomonitor.ingest.tls.TlsListener;

/** The Netty HTTP server of the dashboards and the API: plain HTTP, HTTPS, or both. */
public final class HttpServer implements AutoCloseable {
    private final HttpConfig config;
    private final Routes routes;
    private final Gate gate;
    private final WebSocketHub hub;
    private final HttpMetrics metrics;
    private EventLoopGroup group;
    private ThreadPoolExecutor workers;
    private final Optional<TlsListener> tls;
    private Channel server;
    private Channel tlsServer;

    public HttpServer(HttpConfig config, Routes routes, Gate gate, WebSocketHub hub, MeterRegistry meters) {
        this(config, Optional.empty(), routes, gate, hub, meters);
    }

    /** With HTTPS: {@code tls} present; the plain listener ({@code config.port()}, -1 = off) then redirects. */
    public HttpServer(HttpConfig config, Optional<TlsListener> tls, Routes routes, Gate gate, WebSocketHub hub,
                      MeterRegistry meters) {
        if (config.port() < 0 && tls.isEmpty()) {
            throw new IllegalArgumentException("an HTTP server needs a plain or an HTTPS listener");
        }
        this.config = config;
        this.tls = tls;
        this.routes = routes;
        this.gate = gate;
        this.hub = hub;
        this.metrics = new HttpMetrics(meters);
    }

    /**
     * Binds HTTPS (when configured) and then plain HTTP (when on; redirecting to the HTTPS port actually bound);
     * returns the plain listener's address, or null when it is off. The HTTPS one is {@link #tlsAddress()}.
     */
    public synchronized InetSocketAddress start() throws InterruptedException {
        group = new NioEventLoopGroup(2);
        workers = new ThreadPoolExecutor(2, 8, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
                r -> new Thread(r, "http-worker"));
        AllowedHosts hosts = AllowedHosts.forBind(config.bind(), config.allowedHosts());
        int httpsPort = -1;
        if (tls.isPresent()) {
            tlsServer = bind(new HttpServerInitializer(routes, gate, hub, workers, config, metrics, hosts,
                    tls.get().tls(), -1), tls.get().port(), "https");
            httpsPort = ((InetSocketAddress) tlsServer.localAddress()).getPort();
        }
        if (config.port() >= 0) {
            server = bind(new HttpServerInitializer(routes, gate, hub, workers, config, metrics, hosts, null,
                    httpsPort), config.port(), "http");
        }
        return server == null ? null : (InetSocketAddress) server.localAddress();
    }

    private Channel bind(HttpServerInitializer init, int port, String listener) throws InterruptedException {
        ChannelFuture bound = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(init).bind(config.bind(), port).await();
        if (!bound.isSuccess()) {
            ListenFailure.rethrowIfBind(listener, config.bind(), port, bound.cause());
        }
        return bound.sync().channel();
    }

    /** The HTTPS listener's address, or null when HTTPS is off (or not started). */
    public synchronized InetSocketAddress tlsAddress() {
        return tlsServer == null ? null : (InetSocketAddress) tlsServer.localAddress();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (tlsServer != null) {
            tlsServer.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdown();
        }
    }
}
