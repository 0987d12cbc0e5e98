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
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.Ids;
import org.ecmomonitor.ingest.IngestPipeline;
import org.ecmomonitor.ingest.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONNECT: version, client id, credentials (a device signs in with its feed's device id and password), the client
 * id's owner, session present, keep-alive, and a CONNACK advertising what this endpoint does (MQTT 5: Receive
 * Maximum, Maximum Packet Size, QoS 1 at most, no retain, no topic aliases, no wildcard or shared subscriptions).
 *
 * <p>A password is checked on {@link MqttSignIn}'s threads, never on the event loop; meanwhile the channel reads
 * nothing more and packets already decoded wait in {@link EarlyPackets}. The CONNECT then goes on, on the channel's
 * event loop. Every refusal is counted by reason ({@link MqttRefusals}).
 */
final class MqttConnectHandler extends SimpleChannelInboundHandler<MqttConnectMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnectHandler.class);
    /** An MQTT 3.1.1 session that is not clean lasts this long after the client goes away. */
    private static final long V3_SESSION_SECONDS = 24 * 3600;

    private final MqttEndpointConfig config;
    private final FeedRegistry feeds;
    private final MqttSessions sessions;
    private final IngestPipeline pipeline;
    private final MqttSignIn signIn;
    private final SignInLimiter limiter;
    private final MqttRefusals refusals;

    MqttConnectHandler(MqttEndpointConfig config, FeedRegistry feeds, MqttSessions sessions, IngestPipeline pipeline,
                       MqttSignIn signIn, SignInLimiter limiter, MqttRefusals refusals) {
        this.config = config;
        this.feeds = feeds;
        this.sessions = sessions;
        this.pipeline = pipeline;
        this.signIn = signIn;
        this.limiter = limiter;
        this.refusals = refusals;
    }

    /** What the CONNECT asked for, carried across the password check. */
    private record Request(MqttVersion version, String clientId, boolean assigned, boolean cleanStart, int keepAlive,
                           long expirySeconds) {
        boolean v5() {
            return version == MqttVersion.MQTT_5;
        }
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
        if (clientId.length() > config.limits().maxClientIdLength()) {
            // Netty's decoder checks the length for MQTT 3.1 only; 3.1.1 and 5 leave it to the server
            refusals.count(MqttRefusals.Reason.CLIENT_ID_TOO_LONG);
            LOG.info("{}: client id of {} characters refused (at most {})", ch.remoteAddress(), clientId.length(),
                    config.limits().maxClientIdLength());
            refuse(ch, v5, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                    MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID);
            return;
        }
        Request req = new Request(version, clientId, assigned, cleanStart, msg.variableHeader().keepAliveTimeSeconds(),
                v5 ? sessionExpiry(msg) : (cleanStart ? 0 : V3_SESSION_SECONDS));
        String user = msg.payload().userName();
        byte[] password = msg.payload().passwordInBytes();
        CertificateSignIn byCertificate = CertificateSignIn.of(ch, user, feeds);
        if (byCertificate.decided()) {
            // a verified client certificate naming a configured device is its sign-in (MQTT over TLS)
            String device = byCertificate.deviceOrRefuse(pipeline, user, ch);
            if (device != null) {
                accept(ctx, req, device, false);
            } else {
                refusals.count(MqttRefusals.Reason.BAD_CREDENTIALS);
                refuse(ch, v5, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                        MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD);
            }
            return;
        }
        if (user != null && password != null && feeds.find(user).map(f -> f.requiresSignIn()).orElse(false)) {
            checkPassword(ctx, req, user, new String(password, StandardCharsets.UTF_8).toCharArray());
            return;
        }
        String address = address(ch);
        switch (config.anonymous()) {
            case ALLOWED -> accept(ctx, req, null, false);
            case LOOPBACK_GATEWAYS -> {
                if (isLoopback(ch)) {
                    accept(ctx, req, null, true);
                } else {
                    refuseAnonymous(ch, v5, user, address);
                }
            }
            default -> refuseAnonymous(ch, v5, user, address);
        }
    }

    private void refuseAnonymous(Channel ch, boolean v5, String user, String address) {
        refusals.count(MqttRefusals.Reason.ANONYMOUS);
        // counted against the user name only when it could be a device id: no tracker or series for junk names
        pipeline.rejectUnreadable("mqtt", user != null && Ids.isValid(user) ? user : null, null, RejectReason.UNAUTHORIZED,
                "connection without a device's credentials refused from " + address, 0);
        refuse(ch, v5, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5);
    }

    private void checkPassword(ChannelHandlerContext ctx, Request req, String device, char[] password) {
        Channel ch = ctx.channel();
        String address = address(ch);
        String blocked = limiter.blocked(device, address);
        if (blocked != null) {
            refusals.count(MqttRefusals.Reason.RATE_LIMITED);
            LOG.debug("{}: sign-in as {} refused unchecked: too many wrong passwords for this {}", address, device,
                    blocked);
            refuse(ch, req.v5(), MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                    MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED);
            return;
        }
        CompletableFuture<Boolean> checked = signIn.check(device, password);
        if (checked == null) {
            refusals.count(MqttRefusals.Reason.SIGN_IN_BUSY);
            refuse(ch, req.v5(), MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                    MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY);
            return;
        }
        EarlyPackets.hold(ch);
        ch.config().setAutoRead(false);
        checked.whenComplete((ok, error) -> ctx.executor().execute(() -> {
            java.util.Arrays.fill(password, '\0');
            if (!ch.isActive()) {
                EarlyPackets.drop(ch);
                return;
            }
            ch.config().setAutoRead(true);
            if (error == null && ok) {
                limiter.succeeded(device, address);
                accept(ctx, req, device, false);
                return;
            }
            EarlyPackets.drop(ch);
            limiter.failed(device, address);
            refusals.count(MqttRefusals.Reason.BAD_CREDENTIALS);
            pipeline.rejectUnreadable("mqtt", device, null, RejectReason.UNAUTHORIZED,
                    "wrong password for device " + device + " from " + address, 0);
            refuse(ch, req.v5(), MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                    MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD);
        }));
    }

    /** The CONNECT is authenticated: claim the client id, answer, and let packets that came early through. */
    private void accept(ChannelHandlerContext ctx, Request req, String signedIn, boolean trusted) {
        Channel ch = ctx.channel();
        MqttSessions.Claim claim = sessions.claim(req.clientId(), signedIn == null ? "" : signedIn, ch,
                req.cleanStart());
        if (claim.outcome() != MqttSessions.Outcome.TAKEN) {
            EarlyPackets.drop(ch);
            boolean owned = claim.outcome() == MqttSessions.Outcome.OWNED_BY_ANOTHER;
            refusals.count(owned ? MqttRefusals.Reason.CLIENT_ID_OWNED : MqttRefusals.Reason.SESSIONS_FULL);
            LOG.warn("{}: CONNECT as {} refused: {}", address(ch), signedIn == null ? "anonymous" : signedIn,
                    owned ? "client id " + req.clientId() + " belongs to another device's session"
                            : "the session store is full (" + config.limits().maxSessionBytes() + " bytes)");
            if (owned) {
                refuse(ch, req.v5(), MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                        MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID);
            } else {
                refuse(ch, req.v5(), MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                        MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED);
            }
            return;
        }
        int keepAlive = req.keepAlive();
        int granted = keepAlive == 0 || keepAlive > config.maxKeepAliveSeconds()
                ? config.maxKeepAliveSeconds() : keepAlive;
        MqttConnection conn = new MqttConnection(req.clientId(), req.version(), signedIn, trusted,
                config.receiveMaximum());
        ch.attr(MqttConnection.KEY).set(conn);
        if (claim.replaced() != null && claim.replaced() != ch) {
            MqttReplies.disconnect(claim.replaced(), MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER.byteValue(),
                    "another connection took over client id " + req.clientId());
        }
        long expiry = req.expirySeconds();
        ch.closeFuture().addListener(f -> sessions.disconnected(conn.clientId, ch, expiry));
        ctx.pipeline().replace(MqttEndpointInitializer.IDLE, MqttEndpointInitializer.IDLE,
                new IdleStateHandler(granted * 3L / 2, 0, 0, TimeUnit.SECONDS));

        MqttMessageBuilders.ConnAckBuilder ack = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).sessionPresent(claim.sessionPresent());
        if (req.v5()) {
            ack.properties(connAckProperties(req.assigned() ? req.clientId() : null,
                    granted != keepAlive ? granted : -1));
        }
        ctx.writeAndFlush(ack.build());
        LOG.debug("{} connected (MQTT {}, {}, keep-alive {} s)", MqttConnection.describe(ch),
                req.v5() ? "5" : "3.1.1", signedIn == null ? (trusted ? "demo gateway" : "anonymous")
                        : "signed in as " + signedIn, granted);
        EarlyPackets.release(ctx);
    }

    private static void refuse(Channel ch, boolean v5, MqttConnectReturnCode v3, MqttConnectReturnCode v5Code) {
        MqttReplies.refuse(ch, v5, v3, v5Code);
    }

    private static String address(Channel ch) {
        SocketAddress a = ch.remoteAddress();
        return a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress()
                : String.valueOf(a);
    }

    private static boolean isLoopback(Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress i && i.getAddress() != null
                && i.getAddress().isLoopbackAddress();
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
