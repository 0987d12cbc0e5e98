package org.ecmomonitor.ingest.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.ecmomonitor.ingest.MutableClock;
import org.junit.jupiter.api.Test;

/** Failed handshakes are counted and close the connection; TLS errors stop here, others go on to be logged. */
class TlsHandshakeHandlerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));
    private final TlsHandshakeHandler handler = new TlsHandshakeHandler(clock);
    private final List<Throwable> reachedTheEnd = new ArrayList<>();

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(handler, new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                reachedTheEnd.add(cause);
            }
        });
    }

    @Test
    void aFailedHandshakeIsCountedAndClosesTheConnection() {
        EmbeddedChannel a = channel();
        EmbeddedChannel b = channel();
        a.pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(new NotSslRecordException("not an"
                + " SSL/TLS record: 101000044d5154540402")));
        b.pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(new SSLHandshakeException("no cert")));
        assertThat(a.isOpen()).isFalse();
        assertThat(b.isOpen()).isFalse();
        assertThat(handler.failures()).isEqualTo(2);
    }

    @Test
    void tlsErrorsStopHereAndOtherErrorsGoOn() {
        EmbeddedChannel ch = channel();
        ch.pipeline().fireExceptionCaught(new DecoderException(new NotSslRecordException("plain")));
        assertThat(reachedTheEnd).isEmpty();
        assertThat(ch.isOpen()).isFalse();

        EmbeddedChannel other = channel();
        IllegalStateException bug = new IllegalStateException("our bug");
        other.pipeline().fireExceptionCaught(bug);
        assertThat(reachedTheEnd).containsExactly(bug);
    }
}
