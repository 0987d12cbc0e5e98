package org.ecmomonitor.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecmomonitor.ingest.Feed;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.InMemoryFeeds;
import org.ecmomonitor.ingest.tls.PeerCertificate;
import org.junit.jupiter.api.Test;

/** Which device a verified client certificate signs in as, and when it refuses. */
class CertificateSignInTest {
    private final FeedRegistry feeds = new FeedRegistry(new InMemoryFeeds());

    CertificateSignInTest() {
        feeds.put(new Feed("console-b1", "B1", null, Map.of(), Set.of()));
        feeds.put(new Feed("nirs-b1", "B1", null, Map.of(), Set.of()));
    }

    private static EmbeddedChannel withCertificate(String... names) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.attr(PeerCertificate.KEY).set(new PeerCertificate(List.of(names), "CN=" + names[0]));
        return ch;
    }

    @Test
    void withoutACertificateNothingIsDecided() {
        assertThat(CertificateSignIn.of(new EmbeddedChannel(), "console-b1", feeds).decided()).isFalse();
    }

    @Test
    void aCertificateNamingOneConfiguredDeviceSignsInAsItWithOrWithoutTheUserName() {
        assertThat(CertificateSignIn.of(withCertificate("console-b1"), null, feeds).device()).isEqualTo("console-b1");
        assertThat(CertificateSignIn.of(withCertificate("console-b1"), "", feeds).device()).isEqualTo("console-b1");
        assertThat(CertificateSignIn.of(withCertificate("console-b1"), "console-b1", feeds).device())
                .isEqualTo("console-b1");
    }

    @Test
    void aSubjectAlternativeNameCountsLikeTheCommonName() {
        assertThat(CertificateSignIn.of(withCertificate("gateway-7.icu.example", "nirs-b1"), null, feeds).device())
                .isEqualTo("nirs-b1");
    }

    @Test
    void aCertificateNamingSeveralDevicesNeedsTheUserNameToChoose() {
        CertificateSignIn none = CertificateSignIn.of(withCertificate("console-b1", "nirs-b1"), null, feeds);
        assertThat(none.device()).isNull();
        assertThat(none.refusal()).contains("several devices");
        assertThat(CertificateSignIn.of(withCertificate("console-b1", "nirs-b1"), "nirs-b1", feeds).device())
                .isEqualTo("nirs-b1");
    }

    @Test
    void aCertificateCannotLendItsTrustToAnotherDevice() {
        CertificateSignIn other = CertificateSignIn.of(withCertificate("console-b1"), "nirs-b1", feeds);
        assertThat(other.device()).isNull();
        assertThat(other.refusal()).contains("used to sign in as device nirs-b1");
    }

    @Test
    void aCertificateNamingNoConfiguredDeviceLeavesTheSignInToThePassword() {
        assertThat(CertificateSignIn.of(withCertificate("printer-3"), "console-b1", feeds).decided()).isFalse();
    }
}
