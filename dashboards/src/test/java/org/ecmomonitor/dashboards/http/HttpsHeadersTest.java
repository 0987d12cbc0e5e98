package org.ecmomonitor.dashboards.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HSTS and Secure on the HTTPS listener's responses, through EmbeddedChannel. */
class HttpsHeadersTest {
    private FullHttpResponse sent(String... cookies) {
        EmbeddedChannel ch = new EmbeddedChannel(HttpsHeaders.INSTANCE);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        for (String c : cookies) {
            res.headers().add("Set-Cookie", c);
        }
        ch.writeOutbound(res);
        FullHttpResponse out = ch.readOutbound();
        ch.finishAndReleaseAll();
        return out;
    }

    @Test
    void everyCookieBecomesSecureOnceAndHstsIsSet() {
        FullHttpResponse r = sent("ecmo_session=abc; Path=/; HTTPOnly; SameSite=Strict",
                "other=1; Secure; Path=/", "third=2; secure");
        assertThat(r.headers().getAll("Set-Cookie")).containsExactly(
                "ecmo_session=abc; Path=/; HTTPOnly; SameSite=Strict; Secure", "other=1; Secure; Path=/",
                "third=2; secure");
        assertThat(r.headers().get("Strict-Transport-Security")).isEqualTo("max-age=31536000");
        r.release();
    }

    @Test
    void aCookieWhoseValueMerelyContainsSecureStillGetsTheAttribute() {
        FullHttpResponse r = sent("name=insecure; Path=/secure-area");
        assertThat(r.headers().getAll("Set-Cookie")).isEqualTo(List.of("name=insecure; Path=/secure-area; Secure"));
        r.release();
    }
}
