package org.ecmomonitor.dashboards.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.Executor;

/** The HTTP server's pipeline, in order; the aggregator bounds request bodies (413 past the limit). */
final class HttpServerInitializer extends ChannelInitializer<SocketChannel> {
    private static final int IDLE_SECONDS = 120;

    private final Routes routes;
    private final Executor workers;
    private final int maxBodyBytes;

    HttpServerInitializer(Routes routes, Executor workers, int maxBodyBytes) {
        this.routes = routes;
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
        p.addLast("router", new HttpRouter(routes, workers));
        p.addLast("exceptions", HttpExceptionHandler.INSTANCE);
    }
}
