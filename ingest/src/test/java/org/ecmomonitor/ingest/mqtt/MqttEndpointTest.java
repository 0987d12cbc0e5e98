package org.ecmomonitor.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.ecmomonitor.ingest.DeadLetterLog;
import org.ecmomonitor.ingest.FatalErrors;
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
import org.ecmomonitor.ingest.RejectReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint's whole pipeline (decoder to exception handler) through EmbeddedChannel, bytes in, bytes out. */
class MqttEndpointTest {
    private static final long NOW = Instant.parse("2026-11-21T08:00:00Z").toEpochMilli();
    private static final int MAX_PACKET = 4096;
    private static final String SECURE_HASH = Passwords.hash("right-password".toCharArray());

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(NOW));
    private final FlakyStore store = new FlakyStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FatalErrors fatal = new FatalErrors();
    private FeedRegistry feeds;
    private FeedMonitor monitor;
    private DeadLetterLog deadLetters;
    private IngestPipeline pipeline;
    private MqttEndpoint endpoint;
    private EmbeddedChannel server;
    /** The device side: encodes what it sends, decodes what the server answers. */
    private EmbeddedChannel device;

    @BeforeEach
    void setUp() {
        feeds = new FeedRegistry(new InMemoryFeeds());
        feeds.put(new Feed("secure", "B1", SECURE_HASH, Map.of(), Set.of()));
        monitor = new FeedMonitor(clock, feeds);
        deadLetters = new DeadLetterLog(dir, 1 << 20, 2);
        pipeline = new IngestPipeline(clock, feeds, monitor, store, new InMemoryContexts(), deadLetters,
                new IngestConfig(1000, 1000, 20), meters);
        pipeline.start();
        endpoint = new MqttEndpoint(new MqttEndpointConfig("127.0.0.1", 0, MAX_PACKET, 4, 60, 10, true), feeds,
                pipeline, clock, meters, fatal);
        server = new EmbeddedChannel();
        endpoint.initializer().build(server.pipeline());
        device = new EmbeddedChannel(new MqttDecoder(), MqttEncoder.INSTANCE);
    }

    @AfterEach
    void tearDown() {
        store.release();
        server.finishAndReleaseAll();
        device.finishAndReleaseAll();
        pipeline.close();
        deadLetters.close();
    }

    private void send(MqttMessage msg) {
        device.writeOutbound(msg);
        ByteBuf bytes;
        while ((bytes = device.readOutbound()) != null) {
            server.writeInbound(bytes);
        }
    }

    /** Runs the server's pending tasks (PUBACKs scheduled from the writer thread) and decodes its replies. */
    private MqttMessage reply() {
        server.runPendingTasks();
        ByteBuf out = server.readOutbound();
        if (out == null) {
            return null;
        }
        device.writeInbound(out);
        return device.readInbound();
    }

    private MqttMessage awaitReply() {
        MqttMessage[] got = new MqttMessage[1];
        await().until(() -> (got[0] = reply()) != null);
        return got[0];
    }

    private MqttConnAckMessage connect(MqttVersion version, String user, String password) {
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect().clientId("gw-1")
                .protocolVersion(version).cleanSession(true).keepAlive(30);
        if (user != null) {
            b.hasUser(true).username(user).hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
        }
        send(b.build());
        return (MqttConnAckMessage) (user == null ? reply() : awaitReply());
    }

    private void publish(int qos, int id, String topic, String json) {
        send(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.valueOf(qos)).messageId(id)
                .payload(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8)).build());
    }

    private static String map(double v) {
        return "{\"ts\": " + NOW + ", \"signal\": \"map\", \"value\": " + v + ", \"unit\": \"mmHg\"}";
    }

    @Test
    void acceptsAnMqtt311Connection() {
        MqttConnAckMessage ack = connect(MqttVersion.MQTT_3_1_1, null, null);
        assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        assertThat(ack.variableHeader().isSessionPresent()).isFalse();
    }

    @Test
    void advertisesItsLimitsToMqtt5Clients() {
        MqttConnAckMessage ack = connect(MqttVersion.MQTT_5, null, null);
        assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        MqttProperties p = ack.variableHeader().properties();
        assertThat(p.getProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value()).value()).isEqualTo(4);
        assertThat(p.getProperty(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value()).value())
                .isEqualTo(MAX_PACKET);
        assertThat(p.getProperty(MqttProperties.MqttPropertyType.MAXIMUM_QOS.value()).value()).isEqualTo(1);
        assertThat(p.getProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS_MAXIMUM.value()).value()).isEqualTo(0);
    }

    @Test
    void sendsPubackOnlyAfterTheSampleIsStored() {
        connect(MqttVersion.MQTT_3_1_1, null, null);
        store.hold();
        publish(1, 7, "icu/B1/console", map(63));
        assertThat(reply()).isNull();
        assertThat(store.stored()).isEmpty();
        store.release();
        MqttMessage ack = awaitReply();
        assertThat(ack.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
        assertThat(store.stored()).hasSize(1);
    }

    @Test
    void doesNotAcknowledgeWhileTheStoreIsDown() {
        connect(MqttVersion.MQTT_3_1_1, null, null);
        store.setDown(true);
        publish(1, 8, "icu/B1/console", map(63));
        await().until(() -> store.failedWrites() >= 2);
        assertThat(reply()).isNull();
        store.setDown(false);
        assertThat(awaitReply().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
    }

    @Test
    void storesQos0WithoutAnAcknowledgement() {
        connect(MqttVersion.MQTT_3_1_1, null, null);
        publish(0, 0, "icu/B1/console", map(63));
        await().until(() -> store.stored().size() == 1);
        assertThat(reply()).isNull();
    }

    @Test
    void answersPingAndKeepsTheConnectionAfterAMalformedPayload() {
        connect(MqttVersion.MQTT_3_1_1, null, null);
        publish(1, 1, "icu/B1/console", "{garbage");
        assertThat(awaitReply().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
        send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
        assertThat(reply().fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
        publish(1, 2, "icu/B1/console", map(64));
        assertThat(awaitReply().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
        assertThat(server.isActive()).isTrue();
        assertThat(store.stored()).hasSize(1);
        assertThat(meters.counter("ecmo.ingest.rejected", "feed", "console", "reason", "malformed_json").count())
                .isEqualTo(1);
    }

    @Test
    void tellsMqtt5ClientsWhyAMessageWasRejected() {
        connect(MqttVersion.MQTT_5, null, null);
        publish(1, 3, "icu/B1/console", "{garbage");
        MqttMessage ack = awaitReply();
        assertThat(((MqttPubReplyMessageVariableHeader) ack.variableHeader()).reasonCode())
                .isEqualTo(MqttReasonCodes.PubAck.PAYLOAD_FORMAT_INVALID.byteValue());
        publish(1, 4, "telemetry/B1", map(60));
        assertThat(((MqttPubReplyMessageVariableHeader) awaitReply().variableHeader()).reasonCode())
                .isEqualTo(MqttReasonCodes.PubAck.TOPIC_NAME_INVALID.byteValue());
        publish(1, 5, "icu/B1/secure", map(60));
        assertThat(((MqttPubReplyMessageVariableHeader) awaitReply().variableHeader()).reasonCode())
                .isEqualTo(MqttReasonCodes.PubAck.NOT_AUTHORIZED.byteValue());
    }

    @Test
    void acknowledgesAResentQos1MessageWithoutStoringItAgain() {
        connect(MqttVersion.MQTT_5, null, null);
        publish(1, 6, "icu/B1/console", map(63));
        assertThat(pubAckReason(awaitReply())).isZero();
        send(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, true, MqttQoS.AT_LEAST_ONCE, false,
                0), new MqttPublishVariableHeader("icu/B1/console", 6),
                Unpooled.copiedBuffer(map(63), StandardCharsets.UTF_8)));
        MqttMessage ack = awaitReply();
        assertThat(ack.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
        assertThat(pubAckReason(ack)).as("a duplicate is a success, not a rejection").isZero();
        assertThat(store.stored()).hasSize(1);
        assertThat(monitor.status("console").orElseThrow().duplicates()).isEqualTo(1);
    }

    private static int pubAckReason(MqttMessage ack) {
        return ack.variableHeader() instanceof MqttPubReplyMessageVariableHeader h ? h.reasonCode() : 0;
    }

    @Test
    void answersSubscribeWithAFailureCodeForEveryTopic() {
        connect(MqttVersion.MQTT_3_1_1, null, null);
        send(MqttMessageBuilders.subscribe().messageId(9).addSubscription(MqttQoS.AT_LEAST_ONCE, "icu/#")
                .addSubscription(MqttQoS.AT_MOST_ONCE, "alerts/+").build());
        MqttSubAckMessage ack = (MqttSubAckMessage) reply();
        assertThat(ack.variableHeader().messageId()).isEqualTo(9);
        assertThat(ack.payload().reasonCodes()).containsExactly(0x80, 0x80);
    }

    @Test
    void answersMqtt5SubscribeWithTopicFilterInvalid() {
        connect(MqttVersion.MQTT_5, null, null);
        send(MqttMessageBuilders.subscribe().messageId(10).addSubscription(MqttQoS.AT_LEAST_ONCE, "icu/#").build());
        MqttSubAckMessage ack = (MqttSubAckMessage) reply();
        assertThat(ack.payload().reasonCodes()).containsExactly(0x8F);
    }

    @Test
    void signsADeviceInWithItsFeedPassword() {
        assertThat(connect(MqttVersion.MQTT_3_1_1, "secure", "right-password").variableHeader()
                .connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        publish(1, 1, "icu/B1/secure", map(61));
        awaitReply();
        assertThat(store.stored()).hasSize(1);
    }

    @Test
    void refusesAWrongPassword() {
        MqttConnAckMessage ack = connect(MqttVersion.MQTT_3_1_1, "secure", "guess");
        assertThat(ack.variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
        assertThat(server.isActive()).isFalse();
        assertThat(monitor.status("secure").orElseThrow().rejectedByReason())
                .containsEntry(RejectReason.UNAUTHORIZED, 1L);
    }

    @Test
    void refusesAWrongPasswordWithTheMqtt5Code() {
        MqttConnAckMessage ack = connect(MqttVersion.MQTT_5, "secure", "guess");
        assertThat(ack.variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD);
    }

    @Test
    void closesAConnectionWhoseFirstPacketIsNotConnect() {
        send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void refusesAnUnknownProtocolVersion() {
        ByteBuf connect31 = Unpooled.wrappedBuffer(new byte[] {0x10, 0x0F, 0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p',
            0x03, 0x02, 0x00, 0x3C, 0x00, 0x01, 'x'});
        server.writeInbound(connect31);
        MqttConnAckMessage ack = (MqttConnAckMessage) reply();
        assertThat(ack.variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void closesOnAPacketOverTheMaximumAndCountsIt() {
        connect(MqttVersion.MQTT_5, null, null);
        publish(1, 1, "icu/B1/console", "x".repeat(MAX_PACKET + 10));
        MqttMessage disconnect = reply();
        assertThat(disconnect.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                .isEqualTo(MqttReasonCodes.Disconnect.PACKET_TOO_LARGE.byteValue());
        assertThat(server.isActive()).isFalse();
        await().until(() -> !deadLetters.latest(IngestPipeline.UNKNOWN_FEED).isEmpty());
        assertThat(meters.counter("ecmo.ingest.rejected", "feed", IngestPipeline.UNKNOWN_FEED, "reason", "oversize")
                .count()).isEqualTo(1);
    }

    @Test
    void disconnectsAnMqtt5ClientThatExceedsReceiveMaximum() {
        connect(MqttVersion.MQTT_5, null, null);
        store.hold();
        for (int i = 1; i <= 5; i++) {
            publish(1, i, "icu/B1/console", map(60 + i));
        }
        MqttMessage disconnect = reply();
        assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                .isEqualTo(MqttReasonCodes.Disconnect.RECEIVE_MAXIMUM_EXCEEDED.byteValue());
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void disconnectsQos2Publishers() {
        connect(MqttVersion.MQTT_5, null, null);
        publish(2, 1, "icu/B1/console", map(60));
        MqttMessage disconnect = reply();
        assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                .isEqualTo(MqttReasonCodes.Disconnect.QOS_NOT_SUPPORTED.byteValue());
        assertThat(store.stored()).isEmpty();
    }

    @Test
    void grantsTheRequestedKeepAliveAndClosesAConnectionSilentForOneAndAHalfOfIt() {
        connect(MqttVersion.MQTT_3_1_1, null, null);
        assertThat(((IdleStateHandler) server.pipeline().get(MqttEndpointInitializer.IDLE))
                .getReaderIdleTimeInMillis()).isEqualTo(45_000);
        server.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void capsTheKeepAliveAndTellsMqtt5ClientsSo() {
        send(MqttMessageBuilders.connect().clientId("gw-2").protocolVersion(MqttVersion.MQTT_5).keepAlive(0).build());
        MqttConnAckMessage ack = (MqttConnAckMessage) reply();
        assertThat(ack.variableHeader().properties()
                .getProperty(MqttProperties.MqttPropertyType.SERVER_KEEP_ALIVE.value()).value()).isEqualTo(60);
        assertThat(((IdleStateHandler) server.pipeline().get(MqttEndpointInitializer.IDLE))
                .getReaderIdleTimeInMillis()).isEqualTo(90_000);
    }

    @Test
    void givesAConnectionTenSecondsToSendConnect() {
        assertThat(((IdleStateHandler) server.pipeline().get(MqttEndpointInitializer.IDLE))
                .getReaderIdleTimeInMillis()).isEqualTo(10_000);
        server.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void assignsAClientIdToAnMqtt5ClientThatSendsNone() {
        send(MqttMessageBuilders.connect().clientId("").protocolVersion(MqttVersion.MQTT_5).build());
        MqttConnAckMessage ack = (MqttConnAckMessage) reply();
        assertThat(ack.variableHeader().properties()
                .getProperty(MqttProperties.MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value()).value())
                .asString().startsWith("ecmo-");
    }

    @Test
    void resumesAPersistentSessionSoMqtt5ClientsKeepTheirUnacknowledgedMessages() {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.IntegerProperty(
                MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), 3600));
        send(MqttMessageBuilders.connect().clientId("gw-9").protocolVersion(MqttVersion.MQTT_5).cleanSession(false)
                .properties(props).build());
        assertThat(((MqttConnAckMessage) reply()).variableHeader().isSessionPresent()).isFalse();
        server.close();
        EmbeddedChannel again = new EmbeddedChannel();
        endpoint.initializer().build(again.pipeline());
        server = again;
        device = new EmbeddedChannel(new MqttDecoder(), MqttEncoder.INSTANCE);
        send(MqttMessageBuilders.connect().clientId("gw-9").protocolVersion(MqttVersion.MQTT_5).cleanSession(false)
                .properties(props).build());
        assertThat(((MqttConnAckMessage) reply()).variableHeader().isSessionPresent()).isTrue();
    }

    /** A second connection to the same endpoint, as another device would open. */
    private void newConnection() {
        server = new EmbeddedChannel();
        endpoint.initializer().build(server.pipeline());
        device = new EmbeddedChannel(new MqttDecoder(), MqttEncoder.INSTANCE);
    }

    private MqttConnAckMessage connectAs(String clientId, MqttVersion version, String user, String password) {
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect().clientId(clientId)
                .protocolVersion(version).cleanSession(true).keepAlive(30);
        if (user != null) {
            b.hasUser(true).username(user).hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
        }
        send(b.build());
        return (MqttConnAckMessage) awaitReply();
    }

    private double refused(String reason) {
        return meters.get("ecmo.mqtt.refused").tag("reason", reason).counter().count();
    }

    private void useConfig(MqttEndpointConfig config) {
        server.finishAndReleaseAll();
        endpoint = new MqttEndpoint(config, feeds, pipeline, clock, new SimpleMeterRegistry(), fatal);
        newConnection();
    }

    @Test
    void refusesAnonymousDevicesWhenTheyAreNotAllowed() {
        useConfig(new MqttEndpointConfig("127.0.0.1", 0, MAX_PACKET, 4, 60, 10, false));
        MqttConnAckMessage ack = connectAs("anon", MqttVersion.MQTT_5, null, null);
        assertThat(ack.variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5);
        assertThat(server.isActive()).isFalse();
        newConnection();
        assertThat(connectAs("gw-1", MqttVersion.MQTT_3_1_1, "secure", "right-password").variableHeader()
                .connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
    }

    @Test
    void refusesClientIdsLongerThanTheLimitWhateverTheVersion() {
        String longId = "x".repeat(MqttLimits.DEFAULTS.maxClientIdLength() + 1);
        assertThat(connectAs(longId, MqttVersion.MQTT_5, null, null).variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(server.isActive()).isFalse();
        newConnection();
        assertThat(connectAs(longId, MqttVersion.MQTT_3_1_1, null, null).variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
        assertThat(meters.get("ecmo.mqtt.refused").tag("reason", "client_id_too_long").counter().count())
                .isEqualTo(2);
        newConnection();
        assertThat(connectAs("x".repeat(MqttLimits.DEFAULTS.maxClientIdLength()), MqttVersion.MQTT_5, null, null)
                .variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
    }

    @Test
    void anotherDeviceOrAnAnonymousClientCannotTakeOverASignedInDevicesClientId() {
        feeds.put(new Feed("nirs-b1", "B1", SECURE_HASH, Map.of(), Set.of()));
        assertThat(connectAs("console-b2", MqttVersion.MQTT_5, "secure", "right-password").variableHeader()
                .connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        EmbeddedChannel victim = server;
        newConnection();
        assertThat(connectAs("console-b2", MqttVersion.MQTT_5, "nirs-b1", "right-password").variableHeader()
                .connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID);
        newConnection();
        assertThat(connectAs("console-b2", MqttVersion.MQTT_3_1_1, null, null).variableHeader()
                .connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
        assertThat(victim.isActive()).as("the signed-in device keeps its connection").isTrue();
        assertThat(refused("client_id_owned")).isEqualTo(2);
        newConnection();
        assertThat(connectAs("console-b2", MqttVersion.MQTT_5, "secure", "right-password").variableHeader()
                .connectReturnCode()).as("the device itself may reconnect").isEqualTo(
                        MqttConnectReturnCode.CONNECTION_ACCEPTED);
        victim.runPendingTasks();
        assertThat(victim.isActive()).isFalse();
        victim.finishAndReleaseAll();
    }

    @Test
    void aPersistedSessionStaysBoundToItsDeviceAfterItDisconnects() {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.IntegerProperty(
                MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), 3600));
        send(MqttMessageBuilders.connect().clientId("pump-b4").protocolVersion(MqttVersion.MQTT_5).cleanSession(false)
                .properties(props).username("secure").password("right-password".getBytes(StandardCharsets.UTF_8))
                .hasUser(true).hasPassword(true).build());
        awaitReply();
        server.close();
        newConnection();
        assertThat(connectAs("pump-b4", MqttVersion.MQTT_5, null, null).variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID);
    }

    @Test
    void wrongPasswordsAreRateLimitedPerAddressAndCountedByReason() {
        for (int i = 0; i < MqttLimits.DEFAULTS.signInFailuresBurst(); i++) {
            newConnection();
            assertThat(connectAs("g" + i, MqttVersion.MQTT_5, "secure", "guess-" + i).variableHeader()
                    .connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD);
        }
        newConnection();
        assertThat(connectAs("g-next", MqttVersion.MQTT_5, "secure", "right-password").variableHeader()
                .connectReturnCode()).as("refused unchecked while the address's bucket is empty")
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED);
        assertThat(refused("bad_credentials")).isEqualTo(MqttLimits.DEFAULTS.signInFailuresBurst());
        assertThat(refused("rate_limited")).isEqualTo(1);
        clock.advance(java.time.Duration.ofMillis(MqttLimits.DEFAULTS.signInFailureRefillMillis()));
        newConnection();
        assertThat(connectAs("g-later", MqttVersion.MQTT_5, "secure", "right-password").variableHeader()
                .connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
    }

    @Test
    void sessionsAreBoundedByBytesAndTheNextOneIsRefusedAsQuotaExceeded() {
        useConfig(new MqttEndpointConfig("127.0.0.1", 0, MAX_PACKET, 4, 60, 10,
                MqttEndpointConfig.Anonymous.ALLOWED, new MqttLimits(128, 100, 1024, 5, 2000, 8)));
        int accepted = 0;
        MqttConnAckMessage ack;
        do {
            newConnection();
            ack = connectAs("client-" + accepted + "-" + "y".repeat(100), MqttVersion.MQTT_5, null, null);
        } while (ack.variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED
                && ++accepted < 100);
        assertThat(accepted).isEqualTo(1024 / (2 * 109 + MqttSessions.SESSION_OVERHEAD_BYTES));
        assertThat(ack.variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED);
    }

    @Test
    void packetsSentRightBehindTheConnectWaitForThePasswordCheckAndAreNotLost() {
        send(MqttMessageBuilders.connect().clientId("gw-fast").protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(true).keepAlive(30).hasUser(true).username("secure").hasPassword(true)
                .password("right-password".getBytes(StandardCharsets.UTF_8)).build());
        publish(1, 7, "icu/B1/secure", map(64));
        assertThat(((MqttConnAckMessage) awaitReply()).variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        assertThat(awaitReply().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
        assertThat(store.stored()).hasSize(1);
    }

    @Test
    void anErrorOnTheEventLoopMakesTheEndpointAndTheRuntimeUnhealthy() {
        connect(MqttVersion.MQTT_3_1_1, null, null);
        server.pipeline().fireExceptionCaught(new NoClassDefFoundError("io/netty/handler/codec/mqtt/MqttFoo"));
        assertThat(server.isActive()).isFalse();
        assertThat(fatal.health().up()).isFalse();
        assertThat(fatal.health().detail()).contains("NoClassDefFoundError");
        assertThat(endpoint.health().up()).isFalse();
    }

    @Test
    void anOrdinaryBadClientExceptionDoesNotMakeTheRuntimeUnhealthy() {
        connect(MqttVersion.MQTT_3_1_1, null, null);
        server.pipeline().fireExceptionCaught(new IllegalArgumentException("bad input"));
        assertThat(fatal.health().up()).isTrue();
    }
}
