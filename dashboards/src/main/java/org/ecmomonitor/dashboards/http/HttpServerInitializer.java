package org.ecmomonitor.dashboards.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.util.concurrent.Executor;
import org.ecmomonitor.dashboards.HttpConfig;
import org.ecmomonitor.ingest.tls.ServerTls;

/**
 * The HTTP server's pipeline, in order; the aggregator bounds request bodies (413 past the limit). A connection
 * past {@code maxConnections} is closed before it gets a pipeline. A request for {@code /ws} from a signed-in
 * user turns the channel into a WebSocket (see {@link WebSocketGate}). The HTTPS listener starts with TLS (the
 * handshake counts against the header-read time) and adds HSTS and Secure cookies to responses; the plain one,
 * when HTTPS is on too, sends pages and the API there ({@link HttpsRedirect}), once the Host header is allowed.
 */
final class HttpServerInitializer extends ChannelInitializer<SocketChannel> {
    private final Routes routes;
    private final Gate gate;
    private final WebSocketHub hub;
    private final Executor workers;
    private final HttpConfig config;
    private final HttpMetrics metrics;
    private final HostCheck hostCheck;
    /** The HTTPS listener's certificate, or null on the plain listener. */
    private final ServerTls tls;
    /** On the plain listener: the HTTPS port to redirect to, or -1 when HTTPS is off. */
    private final int redirectToHttpsPort;

    HttpServerInitializer(Routes routes, Gate gate, WebSocketHub hub, Executor workers, HttpConfig config,
                          HttpMetrics metrics, AllowedHosts hosts, ServerTls tls, int redirectToHttpsPort) {
        this.routes = routes;
        this.gate = gate;
        this.hub = hub;
        this.workers = workers;
        this.config = config;
        this.metrics = metrics;
        this.hostCheck = new HostCheck(hosts, metrics);
        this.tls = tls;
        this.redirectToHttpsPort = redirectToHttpsPort;
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
        if (tls != null) {
            p.addLast("tls", tls.newHandler(ch.alloc()));
            p.addLast("tls-handshake", tls.handshakeHandler());
        }
        p.addLast("codec", new HttpServerCodec(4096, 16 * 1024, 16 * 1024));
        p.addLast(ConnectionTimeouts.HEADER_DONE, new ConnectionTimeouts.HeaderDone(headerStart));
        if (tls != null) {
            p.addLast("https-headers", HttpsHeaders.INSTANCE);
        }
        p.addLast("continue", new HttpServerExpectContinueHandler());
        p.addLast("aggregator", new HttpObjectAggregator(config.maxBodyBytes()));
        p.addLast("host-check", hostCheck);
        if (redirectToHttpsPort >= 0) {
            p.addLast("https-redirect", new HttpsRedirect(redirectToHttpsPort));
        }
        p.addLast("ws-gate", new WebSocketGate(gate, hub));
        p.addLast("router", new HttpRouter(routes, gate, workers));
        p.addLast("exceptions", HttpExceptionHandler.INSTANCE);
    }
}
