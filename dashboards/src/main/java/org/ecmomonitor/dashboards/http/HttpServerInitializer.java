package org.ecmomonitor.dashboards.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.Executor;

/**
 * The HTTP server's pipeline, in order; the aggregator bounds request bodies (413 past the limit). A request for
 * {@code /ws} from a signed-in user turns the channel into a WebSocket (see {@link WebSocketGate}).
 */
final class HttpServerInitializer extends ChannelInitializer<SocketChannel> {
    private static final int IDLE_SECONDS = 120;

    private final Routes routes;
    private final Gate gate;
    private final WebSocketHub hub;
    private final Executor workers;
    private final int maxBodyBytes;

    HttpServerInitializer(Routes routes, Gate gate, WebSocketHub hub, Executor workers, int maxBodyBytes) {
        this.routes = routes;
        this.gate = gate;
        this.hub = hub;
        this.workers = workers;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("timeout", new ReadTimeoutHandler(IDLE_SECONDS));
        p.addLast("codec", new HttpServerCodec(4096, 16 * 1024, 16 * 1024));
        p.addLast("continue", new HttpServerExpectContinueHandler());
        p.addLast("aggregator", new HttpObjectAggregator(maxBodyBytes));
        p.addLast("ws-gate", new WebSocketGate(gate, hub));
        p.addLast("router", new HttpRouter(routes, gate, workers));
        p.addLast("exceptions", HttpExceptionHandler.INSTANCE);
    }
}
