package org.ecmomonitor.ingest.tls;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right behind the {@link SslHandler}: after a successful handshake, records the client certificate that the
 * handshake verified ({@link PeerCertificate}, for device sign-in); a failed handshake (a plain-text client on the
 * TLS port, a client that does not trust our certificate, a device without a certificate where one is required)
 * is counted and logged at INFO with the peer's address, at most once a minute per listener (a port scan must not
 * flood the log; the rest go to DEBUG and the next INFO line says how many), and the TLS errors that follow it are
 * not logged again as unexpected errors further down the pipeline. One instance per listener ({@link
 * ServerTls#handshakeHandler()}).
 */
@ChannelHandler.Sharable
public final class TlsHandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TlsHandshakeHandler.class);
    private static final long LOG_INTERVAL_MILLIS = 60_000;

    private final Clock clock;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong notLogged = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE / 2);

    TlsHandshakeHandler(Clock clock) {
        this.clock = clock;
    }

    /** Failed handshakes since start. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                try {
                    Certificate[] peer = ssl.engine().getSession().getPeerCertificates();
                    if (peer.length > 0 && peer[0] instanceof X509Certificate cert) {
                        ctx.channel().attr(PeerCertificate.KEY).set(PeerCertificate.from(cert));
                    }
                } catch (SSLPeerUnverifiedException e) {
                    // no client certificate: the client signs in with a password, if at all
                }
            } else {
                handshakeFailed(ctx, done.cause());
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isTls(cause)) {
            LOG.debug("{}: TLS error: {}", ctx.channel().remoteAddress(), describe(cause));
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private void handshakeFailed(ChannelHandlerContext ctx, Throwable cause) {
        failures.incrementAndGet();
        long now = clock.millis();
        long last = lastLogged.get();
        if (now - last >= LOG_INTERVAL_MILLIS && lastLogged.compareAndSet(last, now)) {
            long skipped = notLogged.getAndSet(0);
            LOG.info("TLS handshake with {} failed: {} (a client speaking plain text to the TLS port, not trusting"
                    + " this server's certificate, or without a required client certificate){}",
                    ctx.channel().remoteAddress(), describe(cause),
                    skipped == 0 ? "" : "; " + skipped + " more failed in the last minute (DEBUG)");
        } else {
            notLogged.incrementAndGet();
            LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), describe(cause));
        }
    }

    private static boolean isTls(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof NotSslRecordException) {
            // its message is a hex dump of what the client sent: a plain-text device's password, perhaps
            return "plain text, not TLS";
        }
        String msg = root.getMessage();
        if (msg != null && msg.length() > 160) {
            msg = msg.substring(0, 160) + "...";
        }
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
