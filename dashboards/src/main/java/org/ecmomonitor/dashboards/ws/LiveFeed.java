package org.ecmomonitor.dashboards.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;
import org.ecmomonitor.alerts.AlertEvent;
import org.ecmomonitor.alerts.AlertListener;
import org.ecmomonitor.alerts.replay.AlertEventJson;
import org.ecmomonitor.dashboards.LatestValues;
import org.ecmomonitor.dashboards.auth.Session;
import org.ecmomonitor.dashboards.auth.Sessions;
import org.ecmomonitor.dashboards.http.WebSocketHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live feed on {@code /ws} (contract §3): every alert event as it happens,
 * {@code {"type": "alert", "at", "bed", "rule", "priority", "kind", "event", "value", "message", "alertId", "level"}}
 * with, where they apply, {@code observedAt} (the observation time of a lab result or backlog) and the key of a
 * technical alert ({@code signal}, or {@code device} for DEVICE_CLOCK) as in the replay line,
 * and, once per {@link #tick()}, each bed whose values or context changed,
 * {@code {"type": "values", "now", "bed", "values": {...}, "context": {...}}} ({@code now} is the server's clock,
 * which pages use for ages: the demo's clock runs faster than the browser's). A browser that cannot keep up (its socket
 * stays unwritable) is closed rather than buffered without bound; on reconnect the page reloads the whole state.
 * An alert event that monitor.db could not store yet (a full disk, issue 14) carries {@code "stored": false}.
 * A socket whose session ended (sign-out, expiry, account change) is closed at the next tick. A client that only
 * wants alert events (paging middleware, the benchmark) opens {@code /ws?values=none}.
 */
public final class LiveFeed implements WebSocketHub, AlertListener {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Pending outbound bytes past which a socket counts as unable to keep up. */
    static final long MAX_PENDING_BYTES = 4L << 20;

    private final LatestValues latest;
    private final Sessions sessions;
    private final Clock clock;
    private final LongPredicate stored;
    private final Map<Channel, Subscriber> sockets = new ConcurrentHashMap<>();

    /** A socket's session, and whether it wants the values (a pager or a benchmark asks for alerts only). */
    private record Subscriber(Session session, boolean values) {
    }
    private final Counter sent;
    private final Counter dropped;
    private final io.micrometer.core.instrument.Timer alertAge;

    public LiveFeed(LatestValues latest, Sessions sessions, Clock clock, MeterRegistry meters) {
        this(latest, sessions, clock, meters, alertId -> true);
    }

    /** @param stored whether an alert (by id) is stored, or shown while it waits in memory for storage */
    public LiveFeed(LatestValues latest, Sessions sessions, Clock clock, MeterRegistry meters, LongPredicate stored) {
        this.latest = latest;
        this.sessions = sessions;
        this.clock = clock;
        this.stored = stored;
        this.sent = Counter.builder("ecmo.ws.messages").description("live-feed messages sent").register(meters);
        this.dropped = Counter.builder("ecmo.ws.closed.slow")
                .description("live-feed sockets closed because they could not keep up").register(meters);
        meters.gauge("ecmo.ws.sockets", sockets, Map::size);
        this.alertAge = io.micrometer.core.instrument.Timer.builder("ecmo.ws.alert.age")
                .description("age of alert events (their instant to being sent on the live feed)").register(meters);
    }

    @Override
    public void opened(Channel channel, Session session, boolean values) {
        sockets.put(channel, new Subscriber(session, values));
        channel.closeFuture().addListener(f -> sockets.remove(channel));
        send(channel, hello(session));
    }

    @Override
    public void onAlertEvent(AlertEvent e) {
        alertAge.record(Math.max(0, clock.millis() - e.atMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "alert");
        n.put("at", e.at().toString());
        n.put("bed", e.bed());
        n.put("rule", e.rule().name());
        if (!e.key().isEmpty()) {
            n.put(AlertEventJson.keyField(e.rule()), e.key());
        }
        n.put("priority", e.priority().wireName());
        n.put("kind", e.kind().wireName());
        n.put("event", e.event().wireName());
        n.put("value", e.value());
        n.put("message", e.message());
        if (e.observedAtMillis() != null) {
            n.put("observedAt", e.observedAt().toString());
        }
        n.put("alertId", e.alertId());
        n.put("level", e.level());
        if (!stored.test(e.alertId())) {
            n.put("stored", false);
        }
        broadcast(n, false);
    }

    /** Sends the beds that changed since the last tick and closes sockets of ended sessions; scheduled each second. */
    public void tick() {
        for (Map.Entry<Channel, Subscriber> e : sockets.entrySet()) {
            if (!sessions.isLive(e.getValue().session())) {
                e.getKey().writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION,
                        "session ended")).addListener(f -> e.getKey().close());
                sockets.remove(e.getKey());
            }
        }
        List<String> changed = latest.drainChanged();
        if (sockets.values().stream().noneMatch(Subscriber::values)) {
            return;
        }
        for (String bed : changed) {
            ObjectNode n = JSON.createObjectNode();
            n.put("type", "values");
            n.put("now", java.time.Instant.ofEpochMilli(clock.millis()).toString());
            n.put("bed", bed);
            n.set("values", latest.valuesJson(bed));
            n.set("context", latest.contextJson(bed));
            broadcast(n, true);
        }
    }

    public int sockets() {
        return sockets.size();
    }

    private ObjectNode hello(Session s) {
        return JSON.createObjectNode().put("type", "hello").put("user", s.user()).put("role", s.role().wireName())
                .put("now", java.time.Instant.ofEpochMilli(clock.millis()).toString());
    }

    private void broadcast(ObjectNode message, boolean values) {
        if (sockets.isEmpty()) {
            return;
        }
        ByteBuf bytes = encode(message);
        try {
            for (Map.Entry<Channel, Subscriber> s : sockets.entrySet()) {
                Channel ch = s.getKey();
                if (values && !s.getValue().values()) {
                    continue;
                }
                if (ch.bytesBeforeUnwritable() == 0 && pending(ch) > MAX_PENDING_BYTES) {
                    dropped.increment();
                    LOG.warn("closing live feed of {}: it cannot keep up", ch.remoteAddress());
                    sockets.remove(ch);
                    ch.close();
                    continue;
                }
                ch.writeAndFlush(new TextWebSocketFrame(bytes.retainedDuplicate()));
                sent.increment();
            }
        } finally {
            bytes.release();
        }
    }

    private void send(Channel ch, ObjectNode message) {
        ch.writeAndFlush(new TextWebSocketFrame(encode(message)));
        sent.increment();
    }

    private static long pending(Channel ch) {
        return ch.unsafe().outboundBuffer() == null ? 0 : ch.unsafe().outboundBuffer().totalPendingWriteBytes();
    }

    private static ByteBuf encode(ObjectNode message) {
        try {
            return Unpooled.wrappedBuffer(JSON.writeValueAsBytes(message));
        } catch (JsonProcessingException e) {
            return Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8);
        }
    }
}
