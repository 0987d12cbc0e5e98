package org.ecmomonitor.ingest.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Loading the certificate and key (every accepted key format, every refusal), validity, and reloading. */
class ServerTlsTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static TestPki.Issued server;
    private final Clock clock = Clock.systemUTC();

    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        server = pki.server("monitor", TestPki.KeyFormat.PKCS8_EC, 30);
    }

    @ParameterizedTest
    @EnumSource(value = TestPki.KeyFormat.class, names = {"PKCS8_EC", "PKCS8_RSA", "PKCS1_RSA", "SEC1_EC",
        "ENCRYPTED_PKCS8"})
    void everyAcceptedKeyFormatServesAHandshakeThatAClientTrustingTheCaCompletes(TestPki.KeyFormat format)
            throws Exception {
        TestPki.Issued issued = pki.server("monitor-" + format, format, 30);
        ServerTls tls = ServerTls.withoutClientCertificates(new TlsConfig(issued.cert(), issued.key(),
                format == TestPki.KeyFormat.ENCRYPTED_PKCS8 ? TestPki.KEY_PASSWORD : null), clock);

        SSLSession session = handshake(tls.newHandler(ByteBufAllocator.DEFAULT).engine());

        assertThat(session.getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        assertThat(session.getLocalCertificates()).isNull();
        assertThat(session.getPeerPrincipal().getName()).isEqualTo("CN=monitor-" + format);
    }

    @Test
    void tlsBelowVersion12IsNotOffered() throws Exception {
        SslHandler h = ServerTls.withoutClientCertificates(new TlsConfig(server.cert(), server.key(), null), clock)
                .newHandler(ByteBufAllocator.DEFAULT);
        assertThat(h.engine().getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedNamingBothFiles() throws Exception {
        TestPki.Issued other = pki.server("other", TestPki.KeyFormat.PKCS8_EC, 30);
        assertThatThrownBy(() -> load(server.cert(), other.key(), null))
                .isInstanceOfSatisfying(TlsException.class, e -> {
                    assertThat(e.which()).isEqualTo(TlsException.Which.KEY);
                    assertThat(e.file()).isEqualTo(other.key());
                })
                .hasMessageContaining("is not the private key of the certificate in " + server.cert());
    }

    @Test
    void aMissingCertificateFileIsRefusedAsSuch() {
        Path missing = dir.resolve("nowhere.pem");
        assertThatThrownBy(() -> load(missing, server.key(), null))
                .isInstanceOfSatisfying(TlsException.class, e -> {
                    assertThat(e.which()).isEqualTo(TlsException.Which.CERTIFICATE);
                    assertThat(e.file()).isEqualTo(missing);
                }).hasMessage("does not exist");
    }

    @Test
    void aGarbledKeyFileIsRefusedAsNotPem() throws Exception {
        Path garbled = Files.writeString(dir.resolve("garbled.key"), "this is not a key\n\u0000\u0001");
        assertThatThrownBy(() -> load(server.cert(), garbled, null))
                .isInstanceOfSatisfying(TlsException.class, e -> assertThat(e.which()).isEqualTo(TlsException.Which.KEY))
                .hasMessageContaining("is not a PEM file");
    }

    @Test
    void aKeyFileWithDamagedContentIsRefusedWithoutPrintingIt() throws Exception {
        String pem = Files.readString(server.key());
        String damaged = pem.replaceAll("(?s)(-----BEGIN PRIVATE KEY-----\\n)(.{20})", "$1AAAAAAAAAAAAAAAAAAAA");
        Path file = Files.writeString(dir.resolve("damaged.key"), damaged);
        assertThatThrownBy(() -> load(server.cert(), file, null))
                .isInstanceOf(TlsException.class)
                .hasMessageContaining("cannot read")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(damaged.substring(30, 60)));
    }

    @Test
    void aCertificateFileHoldingAKeyIsRefusedAsHavingNoCertificate() {
        assertThatThrownBy(() -> load(server.key(), server.key(), null))
                .isInstanceOfSatisfying(TlsException.class,
                        e -> assertThat(e.which()).isEqualTo(TlsException.Which.CERTIFICATE))
                .hasMessageContaining("holds no PEM certificate");
    }

    @Test
    void anEncryptedKeyNeedsItsPasswordAndAWrongOneIsNotEchoed() throws Exception {
        TestPki.Issued enc = pki.server("enc", TestPki.KeyFormat.ENCRYPTED_PKCS8, 30);
        assertThatThrownBy(() -> load(enc.cert(), enc.key(), null))
                .hasMessageContaining("is encrypted but no key password is configured");
        assertThatThrownBy(() -> load(enc.cert(), enc.key(), "wrong-pass-WXYZ"))
                .hasMessageContaining("cannot be decrypted")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("WXYZ"));
    }

    @Test
    void anOldStyleEncryptedRsaKeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        TestPki.Issued legacy = pki.server("legacy", TestPki.KeyFormat.LEGACY_ENCRYPTED_PKCS1, 30);
        assertThatThrownBy(() -> load(legacy.cert(), legacy.key(), TestPki.KEY_PASSWORD))
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void anExpiredCertificateIsStillServedAndItsExpiryMetricIsNegative() throws Exception {
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(400)), ZoneOffset.UTC);
        ServerTls tls = ServerTls.withoutClientCertificates(new TlsConfig(server.cert(), server.key(), null), later);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        tls.bindMetrics(meters, "https");

        assertThat(handshake(tls.newHandler(ByteBufAllocator.DEFAULT).engine())).isNotNull();
        assertThat(meters.get("ecmo_tls_certificate_expiry_seconds").tag("listener", "https").gauge().value())
                .isLessThan(-300 * 86400.0);
    }

    @Test
    void clientCertificatesNeedTheirCa() {
        assertThatThrownBy(() -> new TlsConfig(server.cert(), server.key(), null, Optional.empty(),
                TlsConfig.ClientAuth.REQUIRE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKeyPasswordIsNeverInTheConfigsText() {
        assertThat(new TlsConfig(server.cert(), server.key(), "s3cret-pw").toString()).doesNotContain("s3cret-pw");
    }

    @Test
    void aRenewedCertificateIsServedToNewConnectionsAndABrokenRenewalKeepsTheOldOne() throws Exception {
        Path cert = dir.resolve("live.pem");
        Path key = dir.resolve("live.key");
        Files.copy(server.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(server.key(), key, StandardCopyOption.REPLACE_EXISTING);
        ServerTls tls = ServerTls.withoutClientCertificates(new TlsConfig(cert, key, null), clock);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        tls.bindMetrics(meters, "mqtts");
        Instant before = tls.notAfter();
        assertThat(tls.tick()).as("nothing changed").isFalse();

        TestPki.Issued renewed = pki.server("renewed", TestPki.KeyFormat.PKCS1_RSA, 60);
        replace(renewed.cert(), cert);
        replace(renewed.key(), key);
        assertThat(tls.tick()).isTrue();
        assertThat(tls.notAfter()).isAfter(before.plus(Duration.ofDays(20)));
        assertThat(handshake(tls.newHandler(ByteBufAllocator.DEFAULT).engine()).getPeerPrincipal().getName())
                .isEqualTo("CN=renewed");

        Files.writeString(key, "half-written");
        Files.setLastModifiedTime(key, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(tls.tick()).isFalse();
        assertThat(tls.tick()).as("the broken file is not retried at every tick").isFalse();
        assertThat(handshake(tls.newHandler(ByteBufAllocator.DEFAULT).engine()).getPeerPrincipal().getName())
                .isEqualTo("CN=renewed");
        assertThat(meters.get("ecmo_tls_reloads_total").tag("result", "ok").counter().count()).isEqualTo(1);
        assertThat(meters.get("ecmo_tls_reloads_total").tag("result", "failed").counter().count()).isEqualTo(1);
    }

    private static void replace(Path from, Path to) throws Exception {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(to, FileTime.from(Instant.now().plusSeconds(2)));
    }

    private ServerTls load(Path cert, Path key, String password) throws TlsException {
        return ServerTls.withoutClientCertificates(new TlsConfig(cert, key, password), clock);
    }

    /** Runs a client engine trusting the test CA against {@code server} in memory; returns the client's session. */
    static SSLSession handshake(SSLEngine server) throws Exception {
        SSLEngine client = pki.clientContext(null).createSSLEngine("127.0.0.1", 443);
        client.setUseClientMode(true);
        ByteBuffer clientOut = ByteBuffer.allocate(1 << 17);
        ByteBuffer serverOut = ByteBuffer.allocate(1 << 17);
        ByteBuffer app = ByteBuffer.allocate(1 << 17);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 200 && !(done(client) && done(server)); i++) {
            step(client, clientOut, serverOut, app);
            step(server, serverOut, clientOut, app);
        }
        if (!done(client)) {
            throw new SSLException("handshake did not finish: " + client.getHandshakeStatus());
        }
        return client.getSession();
    }

    private static boolean done(SSLEngine e) {
        return e.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                || e.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    /** One engine's turn: read what the peer wrote, run tasks, write what it has to say. */
    private static void step(SSLEngine e, ByteBuffer mine, ByteBuffer peers, ByteBuffer app) throws SSLException {
        peers.flip();
        while (peers.hasRemaining()) {
            SSLEngineResult r = e.unwrap(peers, app);
            runTasks(e);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                break;
            }
        }
        peers.compact();
        for (int i = 0; i < 10 && e.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP; i++) {
            e.wrap(ByteBuffer.allocate(0), mine);
            runTasks(e);
        }
        app.clear();
    }

    private static void runTasks(SSLEngine e) {
        Runnable t;
        while ((t = e.getDelegatedTask()) != null) {
            t.run();
        }
    }
}
