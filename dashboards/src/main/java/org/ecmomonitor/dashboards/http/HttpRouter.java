package org.ecmomonitor.dashboards.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the route for a request and runs it on the worker executor; 404/405 for what no route answers. One router
 * per connection: replies go out in the order the requests came in, also when a client pipelines several requests
 * and a later one is answered first (RFC 9112 §9.3.2); a finished reply waits for those before it. At most
 * {@link #MAX_IN_FLIGHT} requests of a connection are in progress; past that the connection is not read until
 * replies have gone out.
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);
    static final int MAX_IN_FLIGHT = 16;

    /**
     * Pages load scripts and styles only from this server; nothing may frame them (clickjacking of the
     * acknowledge button). Inline styles are allowed because the charting library sets element styles.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"
            + " 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self';"
            + " base-uri 'none'";

    private final Routes routes;
    private final Gate gate;
    private final Executor workers;
    /** Touched on the channel's event loop only. */
    private final TreeMap<Long, Outgoing> finished = new TreeMap<>();
    private long received;
    private long sent;
    private boolean closing;

    private record Outgoing(boolean keepAlive, HttpReply reply) {
    }

    HttpRouter(Routes routes, Gate gate, Executor workers) {
        super(false);
        this.routes = routes;
        this.gate = gate;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        long seq = received++;
        if (received - sent >= MAX_IN_FLIGHT) {
            ctx.channel().config().setAutoRead(false);
        }
        if (!req.decoderResult().isSuccess()) {
            req.release();
            complete(ctx, seq, false, HttpReply.text(HttpResponseStatus.BAD_REQUEST, "text/plain",
                    "malformed request\n"));
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        String path = new QueryStringDecoder(req.uri()).path();
        Routes.Match route = routes.find(req.method(), path).orElse(null);
        if (route == null) {
            req.release();
            HttpResponseStatus status = routes.knowsPath(path) ? HttpResponseStatus.METHOD_NOT_ALLOWED
                    : HttpResponseStatus.NOT_FOUND;
            complete(ctx, seq, keepAlive, HttpReply.text(status, "text/plain", status.reasonPhrase() + "\n"));
            return;
        }
        Gate.Admission admission = gate.admit(req, route.needed(), route.page(), route.beforePasswordChange());
        if (!admission.isAllowed()) {
            req.release();
            complete(ctx, seq, keepAlive, admission.refusal());
            return;
        }
        Call call = new Call(req, route.params(), admission.session(),
                (InetSocketAddress) ctx.channel().remoteAddress());
        try {
            workers.execute(() -> {
                HttpReply reply;
                try {
                    reply = route.route().handle(call);
                } catch (Exception e) {
                    reply = failed(req.method() + " " + path, e);
                } finally {
                    req.release();
                }
                HttpReply r = reply;
                ctx.executor().execute(() -> complete(ctx, seq, keepAlive, r));
            });
        } catch (RejectedExecutionException e) {
            req.release();
            complete(ctx, seq, false, HttpReply.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain",
                    "busy\n"));
        }
    }

    /** Sends this reply and every finished one after it, in request order (on the event loop). */
    private void complete(ChannelHandlerContext ctx, long seq, boolean keepAlive, HttpReply reply) {
        finished.put(seq, new Outgoing(keepAlive, reply));
        while (!finished.isEmpty() && finished.firstKey() == sent) {
            Outgoing o = finished.pollFirstEntry().getValue();
            sent++;
            if (!closing) {
                send(ctx, o.keepAlive(), o.reply());
                closing = !o.keepAlive();
            }
        }
        if (!closing && received - sent < MAX_IN_FLIGHT && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * The reply to a route that threw: 503 with a JSON reason when storage refused (a full disk, a database that
     * cannot be written: SQLite's error somewhere in the causes), so that the page can say "try again" rather
     * than show an internal error (issue 14); 500 otherwise.
     */
    static HttpReply failed(String request, Exception e) {
        SQLException storage = storageCause(e);
        if (storage != null) {
            LOG.warn("{} refused: the database cannot store it now: {}", request, storage.getMessage());
            return Json.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "storage full or unavailable: the monitor"
                    + " cannot save this now (" + storage.getMessage() + "). Alarms are still watched and shown;"
                    + " try again shortly.").withHeader("Retry-After", "10");
        }
        LOG.error("{} failed", request, e);
        return HttpReply.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", "internal error\n");
    }

    private static SQLException storageCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    static void send(ChannelHandlerContext ctx, boolean keepAlive, HttpReply reply) {
        FullHttpResponse res = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                reply.status(), Unpooled.wrappedBuffer(reply.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        if (!reply.headers().containsKey("Cache-Control")) {
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        }
        res.headers().set("X-Content-Type-Options", "nosniff");
        res.headers().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        res.headers().set("X-Frame-Options", "DENY");
        res.headers().set("Referrer-Policy", "no-referrer");
        reply.headers().forEach((name, values) -> res.headers().add(name, values));
        if (keepAlive) {
            HttpUtil.setKeepAlive(res, true);
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
