package org.ecmomonitor.dashboards.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.Executor;
import org.ecmomonitor.ingest.tls.ServerTls;

/**
 * The HTTP server's pipeline, in order; the aggregator bounds request bodies (413 past the limit). A request for
 * {@code /ws} from a signed-in user turns the channel into a WebSocket (see {@link WebSocketGate}). The HTTPS
 * listener starts with TLS and adds HSTS and Secure cookies to responses; the plain one, when HTTPS is on too,
 * sends pages and the API there ({@link HttpsRedirect}).
 */
final class HttpServerInitializer extends ChannelInitializer<SocketChannel> {
    private static final int IDLE_SECONDS = 120;

    private final Routes routes;
    private final Gate gate;
    private final WebSocketHub hub;
    private final Executor workers;
    private final int maxBodyBytes;
    /** The HTTPS listener's certificate, or null on the plain listener. */
    private final ServerTls tls;
    /** On the plain listener: the HTTPS port to redirect to, or -1 when HTTPS is off. */
    private final int redirectToHttpsPort;

    HttpServerInitializer(Routes routes, Gate gate, WebSocketHub hub, Executor workers, int maxBodyBytes,
                          ServerTls tls, int redirectToHttpsPort) {
        this.routes = routes;
        this.gate = gate;
        this.hub = hub;
        this.workers = workers;
        this.maxBodyBytes = maxBodyBytes;
        this.tls = tls;
        this.redirectToHttpsPort = redirectToHttpsPort;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("timeout", new ReadTimeoutHandler(IDLE_SECONDS));
        if (tls != null) {
            p.addLast("tls", tls.newHandler(ch.alloc()));
            p.addLast("tls-handshake", tls.handshakeHandler());
        }
        p.addLast("codec", new HttpServerCodec(4096, 16 * 1024, 16 * 1024));
        if (tls != null) {
            p.addLast("https-headers", HttpsHeaders.INSTANCE);
        }
        p.addLast("continue", new HttpServerExpectContinueHandler());
        p.addLast("aggregator", new HttpObjectAggregator(maxBodyBytes));
        if (redirectToHttpsPort >= 0) {
            p.addLast("https-redirect", new HttpsRedirect(redirectToHttpsPort));
        }
        p.addLast("ws-gate", new WebSocketGate(gate, hub));
        p.addLast("router", new HttpRouter(routes, gate, workers));
        p.addLast("exceptions", HttpExceptionHandler.INSTANCE);
    }
}
