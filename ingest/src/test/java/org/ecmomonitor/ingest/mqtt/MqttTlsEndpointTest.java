package org.ecmomonitor.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocket;
import org.ecmomonitor.ingest.DeadLetterLog;
import org.ecmomonitor.ingest.Feed;
import org.ecmomonitor.ingest.FeedMonitor;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.FlakyStore;
import org.ecmomonitor.ingest.InMemoryContexts;
import org.ecmomonitor.ingest.InMemoryFeeds;
import org.ecmomonitor.ingest.IngestConfig;
import org.ecmomonitor.ingest.IngestPipeline;
import org.ecmomonitor.ingest.MutableClock;
import org.ecmomonitor.ingest.Passwords;
import org.ecmomonitor.ingest.tls.ServerTls;
import org.ecmomonitor.ingest.tls.TestPki;
import org.ecmomonitor.ingest.tls.TlsConfig;
import org.ecmomonitor.ingest.tls.TlsListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT over TLS through real sockets on loopback: JDK TLS clients trusting the test CA, with and without a
 * device's client certificate, against the endpoint with anonymous devices refused and the plain listener off.
 */
class MqttTlsEndpointTest {
    @TempDir
    static Path pkiDir;
    static TestPki pki;
    static TestPki strangers;
    static TestPki.Issued server;
    static TestPki.Issued consoleB1;
    static TestPki.Issued unknownDevice;
    static TestPki.Issued foreignConsole;

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));
    private FlakyStore store;
    private DeadLetterLog deadLetters;
    private IngestPipeline pipeline;
    private MqttEndpoint endpoint;
    private FeedRegistry feeds;
    private ServerTls tls;

    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.create(pkiDir.resolve("hospital"));
        strangers = TestPki.create(pkiDir.resolve("strangers"));
        server = pki.server("monitor", TestPki.KeyFormat.PKCS8_EC, 30);
        consoleB1 = pki.client("console-b1");
        unknownDevice = pki.client("not-a-feed");
        foreignConsole = strangers.client("console-b1");
    }

    @BeforeEach
    void setUp() {
        store = new FlakyStore();
        feeds = new FeedRegistry(new InMemoryFeeds());
        feeds.put(new Feed("console-b1", "B1", null, Map.of(), Set.of()));
        feeds.put(new Feed("secure", "B2", Passwords.hash("right-password".toCharArray()), Map.of(), Set.of()));
        deadLetters = new DeadLetterLog(dir, 1 << 20, 2);
        pipeline = new IngestPipeline(clock, feeds, new FeedMonitor(clock, feeds), store, new InMemoryContexts(),
                deadLetters, new IngestConfig(1000, 1000, 20), new SimpleMeterRegistry());
        pipeline.start();
    }

    @AfterEach
    void tearDown() {
        if (endpoint != null) {
            endpoint.close();
        }
        store.release();
        pipeline.close();
        deadLetters.close();
    }

    private InetSocketAddress start(TlsConfig.ClientAuth auth) throws Exception {
        TlsConfig config = new TlsConfig(server.cert(), server.key(), null,
                auth == TlsConfig.ClientAuth.NONE ? Optional.empty() : Optional.of(pki.caCert), auth);
        tls = ServerTls.withClientCertificates(config, java.time.Clock.systemUTC());
        endpoint = new MqttEndpoint(new MqttEndpointConfig("127.0.0.1", -1, 4096, 4, 60, 10, false),
                Optional.of(new TlsListener(0, tls)), feeds, pipeline, clock,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), new org.ecmomonitor.ingest.FatalErrors());
        assertThat(endpoint.start()).as("plain listener off").isNull();
        return endpoint.tlsAddress();
    }

    @Test
    void aDeviceWithAVerifiedCertificateSignsInWithoutAPasswordWhereAnonymousDevicesAreRefused() throws Exception {
        InetSocketAddress at = start(TlsConfig.ClientAuth.REQUIRE);
        try (SSLSocket s = tlsSocket(at, pki, consoleB1)) {
            assertThat(connect(s, null, null).variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
        assertThat(endpoint.health().up()).isTrue();
    }

    @Test
    void withClientCertificatesRequiredADeviceWithoutOneIsRefusedAtTheHandshake() throws Exception {
        InetSocketAddress at = start(TlsConfig.ClientAuth.REQUIRE);
        assertThatThrownBy(() -> {
            try (SSLSocket s = tlsSocket(at, pki, null)) {
                connect(s, "secure", "right-password");
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedAtTheHandshake() throws Exception {
        InetSocketAddress at = start(TlsConfig.ClientAuth.REQUIRE);
        assertThatThrownBy(() -> {
            try (SSLSocket s = tlsSocket(at, pki, foreignConsole)) {
                connect(s, null, null);
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void withOptionalCertificatesADeviceWithoutOneSignsInByPasswordOrIsRefused() throws Exception {
        InetSocketAddress at = start(TlsConfig.ClientAuth.OPTIONAL);
        // no credentials and anonymous devices refused: not authorized
        try (SSLSocket s = tlsSocket(at, pki, null)) {
            assertThat(connect(s, null, null).variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
        }
        try (SSLSocket s = tlsSocket(at, pki, null)) {
            assertThat(connect(s, "secure", "right-password").variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
    }

    @Test
    void aCertificateCannotSignInAsAnotherDeviceEvenWithThatDevicesPassword() throws Exception {
        InetSocketAddress at = start(TlsConfig.ClientAuth.REQUIRE);
        try (SSLSocket s = tlsSocket(at, pki, consoleB1)) {
            assertThat(connect(s, "secure", "right-password").variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
        }
    }

    @Test
    void aVerifiedCertificateNamingNoConfiguredDeviceLeavesTheSignInToThePassword() throws Exception {
        InetSocketAddress at = start(TlsConfig.ClientAuth.REQUIRE);
        // no credentials and anonymous devices refused: not authorized
        try (SSLSocket s = tlsSocket(at, pki, unknownDevice)) {
            assertThat(connect(s, null, null).variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
        }
        try (SSLSocket s = tlsSocket(at, pki, unknownDevice)) {
            assertThat(connect(s, "secure", "right-password").variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
    }

    @Test
    void aPlainTextClientOnTheTlsPortGetsNoConnackAndIsClosed() throws Exception {
        InetSocketAddress at = start(TlsConfig.ClientAuth.NONE);
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(encode(connectMessage("secure", "right-password")));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] got = in.readNBytes(64);
            assertThat(got).as("no MQTT reply: at most a TLS alert record (type 0x15)")
                    .satisfiesAnyOf(b -> assertThat(b).isEmpty(), b -> assertThat(b[0]).isEqualTo((byte) 0x15));
        }
        org.awaitility.Awaitility.await().until(() -> tls.handshakeHandler().failures() == 1);
    }

    private static SSLSocket tlsSocket(InetSocketAddress at, TestPki trust, TestPki.Issued clientCert)
            throws Exception {
        SSLSocket s = (SSLSocket) trust.clientContext(clientCert).getSocketFactory()
                .createSocket(at.getAddress(), at.getPort());
        s.setSoTimeout(5000);
        s.startHandshake();
        return s;
    }

    private static MqttMessage connectMessage(String user, String password) {
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect().clientId("gw-tls")
                .protocolVersion(MqttVersion.MQTT_3_1_1).cleanSession(true).keepAlive(30);
        if (user != null) {
            b.hasUser(true).username(user).hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    /** Sends CONNECT and reads the CONNACK (an IOException when the TLS handshake or the connection fails). */
    private static MqttConnAckMessage connect(SSLSocket s, String user, String password) throws IOException {
        s.getOutputStream().write(encode(connectMessage(user, password)));
        s.getOutputStream().flush();
        byte[] reply = s.getInputStream().readNBytes(4);
        if (reply.length < 4) {
            throw new IOException("connection closed before CONNACK");
        }
        EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder());
        decoder.writeInbound(Unpooled.wrappedBuffer(reply));
        MqttConnAckMessage ack = decoder.readInbound();
        decoder.finishAndReleaseAll();
        return ack;
    }

    private static byte[] encode(MqttMessage msg) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(msg);
        ByteBuf buf = encoder.readOutbound();
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        encoder.finishAndReleaseAll();
        return bytes;
    }
}
