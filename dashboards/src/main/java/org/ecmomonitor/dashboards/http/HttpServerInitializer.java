package org.ecmomonitor.dashboards.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.util.concurrent.Executor;
import org.ecmomonitor.dashboards.HttpConfig;

/**
 * The HTTP server's pipeline, in order; the aggregator bounds request bodies (413 past the limit). A connection
 * past {@code maxConnections} is closed before it gets a pipeline. A request for {@code /ws} from a signed-in
 * user turns the channel into a WebSocket (see {@link WebSocketGate}).
 */
final class HttpServerInitializer extends ChannelInitializer<SocketChannel> {
    private final Routes routes;
    private final Gate gate;
    private final WebSocketHub hub;
    private final Executor workers;
    private final HttpConfig config;
    private final HttpMetrics metrics;
    private final HostCheck hostCheck;

    HttpServerInitializer(Routes routes, Gate gate, WebSocketHub hub, Executor workers, HttpConfig config,
                          HttpMetrics metrics, AllowedHosts hosts) {
        this.routes = routes;
        this.gate = gate;
        this.hub = hub;
        this.workers = workers;
        this.config = config;
        this.metrics = metrics;
        this.hostCheck = new HostCheck(hosts, metrics);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (metrics.open().incrementAndGet() > config.maxConnections()) {
            metrics.open().decrementAndGet();
            metrics.overLimit();
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> metrics.open().decrementAndGet());
        ChannelPipeline p = ch.pipeline();
        ConnectionTimeouts.HeaderStart headerStart = new ConnectionTimeouts.HeaderStart(config.headerReadSeconds(),
                metrics);
        p.addLast(ConnectionTimeouts.IDLE, new ConnectionTimeouts.Idle(config.idleSeconds(), metrics));
        p.addLast(ConnectionTimeouts.HEADER_START, headerStart);
        p.addLast("codec", new HttpServerCodec(4096, 16 * 1024, 16 * 1024));
        p.addLast(ConnectionTimeouts.HEADER_DONE, new ConnectionTimeouts.HeaderDone(headerStart));
        p.addLast("continue", new HttpServerExpectContinueHandler());
        p.addLast("aggregator", new HttpObjectAggregator(config.maxBodyBytes()));
        p.addLast("host-check", hostCheck);
        p.addLast("ws-gate", new WebSocketGate(gate, hub));
        p.addLast("router", new HttpRouter(routes, gate, workers));
        p.addLast("exceptions", HttpExceptionHandler.INSTANCE);
    }
}
