package org.ecmomonitor.ingest.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.IngestPipeline;
import org.ecmomonitor.ingest.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONNECT: version, client id, credentials (a device signs in with its feed's device id and password), session
 * present, keep-alive, and a CONNACK advertising what this endpoint does (MQTT 5: Receive Maximum, Maximum
 * Packet Size, QoS 1 at most, no retain, no topic aliases, no wildcard or shared subscriptions).
 */
final class MqttConnectHandler extends SimpleChannelInboundHandler<MqttConnectMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnectHandler.class);
    /** An MQTT 3.1.1 session that is not clean lasts this long after the client goes away. */
    private static final long V3_SESSION_SECONDS = 24 * 3600;

    private final MqttEndpointConfig config;
    private final FeedRegistry feeds;
    private final MqttSessions sessions;
    private final IngestPipeline pipeline;

    MqttConnectHandler(MqttEndpointConfig config, FeedRegistry feeds, MqttSessions sessions,
                       IngestPipeline pipeline) {
        this.config = config;
        this.feeds = feeds;
        this.sessions = sessions;
        this.pipeline = pipeline;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttConnectMessage msg) {
        Channel ch = ctx.channel();
        MqttVersion version = MqttVersion.fromProtocolNameAndLevel(msg.variableHeader().name(),
                (byte) msg.variableHeader().version());
        boolean v5 = version == MqttVersion.MQTT_5;
        if (version != MqttVersion.MQTT_3_1_1 && !v5) {
            MqttReplies.refuse(ch, false, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION);
            return;
        }
        boolean cleanStart = msg.variableHeader().isCleanSession();
        String clientId = msg.payload().clientIdentifier();
        boolean assigned = false;
        if (clientId == null || clientId.isEmpty()) {
            if (!v5 && !cleanStart) {
                MqttReplies.refuse(ch, false, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, null);
                return;
            }
            clientId = "ecmo-" + UUID.randomUUID();
            assigned = true;
        }
        String device = authenticate(msg, ch);
        if (device == null) {
            MqttReplies.refuse(ch, v5, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                    MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD);
            return;
        }
        String signedIn = device.isEmpty() ? null : device;
        int keepAlive = msg.variableHeader().keepAliveTimeSeconds();
        int granted = keepAlive == 0 || keepAlive > config.maxKeepAliveSeconds()
                ? config.maxKeepAliveSeconds() : keepAlive;
        long expiry = v5 ? sessionExpiry(msg) : (cleanStart ? 0 : V3_SESSION_SECONDS);

        MqttConnection conn = new MqttConnection(clientId, version, signedIn, config.receiveMaximum());
        ch.attr(MqttConnection.KEY).set(conn);
        Channel replaced = sessions.connect(clientId, ch);
        boolean sessionPresent = sessions.resume(clientId, cleanStart) || (!cleanStart && replaced != null);
        if (replaced != null && replaced != ch) {
            MqttReplies.disconnect(replaced, MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER.byteValue(),
                    "another connection took over client id " + clientId);
        }
        ch.closeFuture().addListener(f -> sessions.disconnected(conn.clientId, ch, expiry));
        ctx.pipeline().replace(MqttEndpointInitializer.IDLE, MqttEndpointInitializer.IDLE,
                new IdleStateHandler(granted * 3L / 2, 0, 0, TimeUnit.SECONDS));

        MqttMessageBuilders.ConnAckBuilder ack = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).sessionPresent(sessionPresent);
        if (v5) {
            ack.properties(connAckProperties(assigned ? clientId : null, granted != keepAlive ? granted : -1));
        }
        ctx.writeAndFlush(ack.build());
        LOG.debug("{} connected (MQTT {}, {}, keep-alive {} s)", MqttConnection.describe(ch),
                v5 ? "5" : "3.1.1", signedIn == null ? "anonymous" : "signed in as " + signedIn, granted);
    }

    /**
     * The device the connection signs in as (by its verified client certificate, else by password), "" for an
     * anonymous connection that is allowed, or null when the connection must be refused.
     */
    private String authenticate(MqttConnectMessage msg, Channel ch) {
        String user = msg.payload().userName();
        byte[] password = msg.payload().passwordInBytes();
        CertificateSignIn byCertificate = CertificateSignIn.of(ch, user, feeds);
        if (byCertificate.decided()) {
            return byCertificate.deviceOrRefuse(pipeline, user, ch);
        }
        boolean sentCredentials = user != null && password != null;
        if (sentCredentials && feeds.find(user).map(f -> f.requiresSignIn()).orElse(false)) {
            char[] pw = new String(password, StandardCharsets.UTF_8).toCharArray();
            if (feeds.checkPassword(user, pw)) {
                return user;
            }
            pipeline.rejectUnreadable("mqtt", user, null, RejectReason.UNAUTHORIZED,
                    "wrong password for device " + user + " from " + ch.remoteAddress(), 0);
            return null;
        }
        if (config.allowAnonymous()) {
            return "";
        }
        pipeline.rejectUnreadable("mqtt", user, null, RejectReason.UNAUTHORIZED,
                "anonymous connection refused from " + ch.remoteAddress(), 0);
        return null;
    }

    private static long sessionExpiry(MqttConnectMessage msg) {
        MqttProperties.MqttProperty<?> p = msg.variableHeader().properties()
                .getProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
        if (p == null || !(p.value() instanceof Integer seconds)) {
            return 0;
        }
        return Integer.toUnsignedLong(seconds);
    }

    /**
     * Built property by property: Netty 4.1's ConnAckPropertiesBuilder writes a wrong Maximum QoS value (a test
     * pins the values a client sees).
     */
    private MqttProperties connAckProperties(String assignedClientId, int serverKeepAlive) {
        MqttProperties p = new MqttProperties();
        p.add(integer(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM, config.receiveMaximum()));
        p.add(integer(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE, config.maxPacketBytes()));
        p.add(integer(MqttProperties.MqttPropertyType.MAXIMUM_QOS, 1));
        p.add(integer(MqttProperties.MqttPropertyType.RETAIN_AVAILABLE, 0));
        p.add(integer(MqttProperties.MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 0));
        p.add(integer(MqttProperties.MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE, 0));
        p.add(integer(MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 0));
        p.add(integer(MqttProperties.MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE, 0));
        if (assignedClientId != null) {
            p.add(new MqttProperties.StringProperty(
                    MqttProperties.MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value(), assignedClientId));
        }
        if (serverKeepAlive >= 0) {
            p.add(integer(MqttProperties.MqttPropertyType.SERVER_KEEP_ALIVE, serverKeepAlive));
        }
        return p;
    }

    private static MqttProperties.IntegerProperty integer(MqttProperties.MqttPropertyType type, int value) {
        return new MqttProperties.IntegerProperty(type.value(), value);
    }
}
