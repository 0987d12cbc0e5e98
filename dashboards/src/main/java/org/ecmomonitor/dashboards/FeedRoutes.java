package org.ecmomonitor.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.ecmomonitor.alerts.AuditLog;
import org.ecmomonitor.dashboards.auth.Permission;
import org.ecmomonitor.dashboards.http.Call;
import org.ecmomonitor.dashboards.http.HttpReply;
import org.ecmomonitor.dashboards.http.Json;
import org.ecmomonitor.dashboards.http.JsonBody;
import org.ecmomonitor.dashboards.http.Routes;
import org.ecmomonitor.ingest.DeadLetter;
import org.ecmomonitor.ingest.DeadLetterLog;
import org.ecmomonitor.ingest.Feed;
import org.ecmomonitor.ingest.FeedMonitor;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.FeedStatus;
import org.ecmomonitor.ingest.Ids;
import org.ecmomonitor.ingest.Passwords;
import org.ecmomonitor.ingest.Rejection;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.Topic;

/**
 * The feed console's API (contract §3): {@code GET /api/feeds} (every configured or seen device: its
 * configuration, status live / stale / never seen, rates, rejections by reason and the latest dead letters with
 * their raw payload) and {@code PUT /api/feeds/{device}} (create or change a feed's expected bed, aliases,
 * expected signals and MQTT password; applied at once, without a restart). Each device also shows its clock offset
 * as the rule engine estimates it (alert-rules.md Time 2), {@code clockOffsetMillis}: receipt time minus the
 * device's {@code ts}, so positive means the device's clock is behind the server's (or its messages lag), negative
 * that it is ahead; null while there is no estimate.
 */
public final class FeedRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("expectedBed", "aliases", "expectedSignals", "password",
            "removePassword");
    /** A feed sending only lab results or hourly urine is stale after this long without a message. */
    static final Duration EVENT_FEED_STALE = Duration.ofHours(6);
    private static final int MAX_ALIASES = 200;
    private static final int RAW_PREVIEW_BYTES = 2048;

    private final FeedRegistry feeds;
    private final FeedMonitor monitor;
    private final DeadLetterLog deadLetters;
    private final AuditLog audit;
    private final Supplier<Map<String, Long>> clockOffsets;
    private final Clock clock;

    /**
     * @param clockOffsets each device's clock offset in milliseconds by device name (receipt minus {@code ts};
     *     positive = the device is behind), as the rule engine estimates it; called once per request
     */
    public FeedRoutes(FeedRegistry feeds, FeedMonitor monitor, DeadLetterLog deadLetters, AuditLog audit,
                      Supplier<Map<String, Long>> clockOffsets, Clock clock) {
        this.feeds = feeds;
        this.monitor = monitor;
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.clockOffsets = clockOffsets;
        this.clock = clock;
    }

    public Routes register(Routes routes) {
        routes.add(HttpMethod.GET, "/api/feeds", Permission.VIEW, c -> list());
        routes.add(HttpMethod.PUT, "/api/feeds/{device}", Permission.EDIT_FEEDS, this::put);
        return routes;
    }

    private HttpReply list() throws Exception {
        long now = clock.millis();
        Map<String, Long> offsets = clockOffsets.get();
        ArrayNode out = JSON.createArrayNode();
        for (FeedStatus s : monitor.all()) {
            out.add(toJson(s, feeds.find(s.device()), offsets.get(s.device()), now));
        }
        return Json.ok(out);
    }

    private ObjectNode toJson(FeedStatus s, Optional<Feed> feed, Long clockOffsetMillis, long now) {
        ObjectNode n = JSON.createObjectNode();
        n.put("device", s.device());
        n.put("configured", s.configured());
        n.put("status", status(s, feed, now));
        n.put("expectedBed", s.expectedBed());
        n.put("lastBed", s.lastBed());
        n.put("bedMismatch", s.bedMismatch());
        n.put("lastSeen", s.lastSeenMillis() == null ? null : Instant.ofEpochMilli(s.lastSeenMillis()).toString());
        n.put("clockOffsetMillis", clockOffsetMillis);
        n.put("messagesPerMinute", s.messagesPerMinute());
        n.put("samplesPerMinute", s.samplesPerMinute());
        ObjectNode rejected = n.putObject("rejected");
        new TreeMap<>(s.rejectedByReason()).forEach((r, c) -> rejected.put(r.wireName(), c));
        n.put("rejectedTotal", s.rejectedTotal());
        n.put("duplicates", s.duplicates());
        ArrayNode seen = n.putArray("signalsSeen");
        s.signalsSeen().stream().sorted().forEach(x -> seen.add(x.wireName()));
        n.put("signIn", feed.map(Feed::requiresSignIn).orElse(false));
        ObjectNode aliases = n.putObject("aliases");
        feed.ifPresent(f -> new TreeMap<>(f.aliases()).forEach((a, sig) -> aliases.put(a, sig.wireName())));
        ArrayNode expected = n.putArray("expectedSignals");
        ArrayNode missing = n.putArray("missingSignals");
        feed.ifPresent(f -> f.expectedSignals().stream().sorted().forEach(x -> {
            expected.add(x.wireName());
            if (!s.signalsSeen().contains(x)) {
                missing.add(x.wireName());
            }
        }));
        ArrayNode letters = n.putArray("deadLetters");
        for (DeadLetter d : deadLetters.latest(s.device())) {
            ObjectNode l = letters.addObject();
            l.put("at", Instant.ofEpochMilli(d.atMillis()).toString());
            l.put("source", d.source());
            l.put("topic", d.topic());
            l.put("size", d.size());
            l.put("raw", d.raw() == null ? null : preview(d.raw()));
            ArrayNode reasons = l.putArray("rejections");
            for (Rejection r : d.rejections()) {
                reasons.addObject().put("reason", r.reason().wireName()).put("detail", r.detail())
                        .put("index", r.index());
            }
        }
        return n;
    }

    /**
     * {@code never_seen}, {@code live}, or {@code stale}: no message for longer than the shortest stale limit of
     * the signals it sends or should send (signals.md), or {@link #EVENT_FEED_STALE} for lab-only feeds.
     */
    static String status(FeedStatus s, Optional<Feed> feed, long now) {
        if (s.lastSeenMillis() == null) {
            return "never_seen";
        }
        Set<Signal> signals = EnumSet.noneOf(Signal.class);
        signals.addAll(s.signalsSeen());
        feed.ifPresent(f -> signals.addAll(f.expectedSignals()));
        Duration limit = signals.stream().map(Signal::staleAfter).flatMap(Optional::stream).min(Duration::compareTo)
                .orElse(EVENT_FEED_STALE);
        return now - s.lastSeenMillis() > limit.toMillis() ? "stale" : "live";
    }

    private static String preview(byte[] raw) {
        int n = Math.min(raw.length, RAW_PREVIEW_BYTES);
        String text = new String(raw, 0, n, StandardCharsets.UTF_8);
        return n < raw.length ? text + "… (" + raw.length + " bytes)" : text;
    }

    private HttpReply put(Call call) throws Exception {
        String device = call.param("device");
        if (!Ids.isValid(device) || Topic.CONTEXT.equals(device)) {
            return Json.badRequest("device must match [A-Za-z0-9_.-]{1,64} and not be 'context'");
        }
        JsonBody body = JsonBody.read(call, FIELDS);
        if (!body.ok()) {
            return body.error();
        }
        Optional<Feed> old = feeds.find(device);
        Feed base = old.orElse(Feed.open(device));
        Feed changed;
        StringBuilder what = new StringBuilder();
        try {
            String bed = body.object().has("expectedBed") ? body.text("expectedBed") : base.expectedBed();
            if (bed != null && !Ids.isValid(bed)) {
                return Json.badRequest("'expectedBed' must match [A-Za-z0-9_.-]{1,64} or be null");
            }
            Map<String, Signal> aliases = body.object().has("aliases") ? aliases(body.object().get("aliases"))
                    : base.aliases();
            Set<Signal> expected = body.object().has("expectedSignals")
                    ? signals(body.object().get("expectedSignals")) : base.expectedSignals();
            String password = body.text("password");
            boolean remove = Boolean.TRUE.equals(body.bool("removePassword"));
            if (password != null && remove) {
                return Json.badRequest("give 'password' or 'removePassword', not both");
            }
            if (password != null && (password.length() < 8 || password.length() > 128)) {
                return Json.badRequest("'password' must have 8 to 128 characters");
            }
            String hash = remove ? null : password != null ? Passwords.hash(password.toCharArray())
                    : base.passwordHash();
            changed = base.edited(bed, hash, aliases, expected);
            describe(what, base, changed, password != null, remove);
        } catch (JsonBody.BadField e) {
            return e.reply();
        } catch (IllegalArgumentException e) {
            return Json.badRequest(e.getMessage());
        }
        feeds.put(changed);
        audit.audit(clock.millis(), call.user(), old.isPresent() ? "change feed" : "create feed", "feed " + device,
                what.length() == 0 ? "no change" : what.toString());
        ObjectNode out = toJson(monitor.status(device).orElseThrow(), Optional.of(changed),
                clockOffsets.get().get(device), clock.millis());
        return Json.reply(old.isPresent() ? HttpResponseStatus.OK : HttpResponseStatus.CREATED, out);
    }

    private static Map<String, Signal> aliases(JsonNode n) throws JsonBody.BadField {
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject() || n.size() > MAX_ALIASES) {
            throw new JsonBody.BadField("'aliases' must be an object of at most " + MAX_ALIASES
                    + " device names to signals, e.g. {\"ART_MEAN\": \"map\"}");
        }
        Map<String, Signal> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Signal s = e.getValue().isTextual() ? Signal.byWireName(e.getValue().textValue()).orElse(null) : null;
            if (s == null) {
                throw new JsonBody.BadField("alias '" + e.getKey() + "' must map to a signal name, got "
                        + e.getValue());
            }
            out.put(e.getKey(), s);
        }
        return out;
    }

    private static Set<Signal> signals(JsonNode n) throws JsonBody.BadField {
        Set<Signal> out = EnumSet.noneOf(Signal.class);
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new JsonBody.BadField("'expectedSignals' must be an array of signal names");
        }
        for (JsonNode x : n) {
            Signal s = x.isTextual() ? Signal.byWireName(x.textValue()).orElse(null) : null;
            if (s == null) {
                throw new JsonBody.BadField("unknown signal " + x + " in 'expectedSignals'");
            }
            out.add(s);
        }
        return out;
    }

    private static void describe(StringBuilder b, Feed before, Feed after, boolean newPassword, boolean removed) {
        if (!java.util.Objects.equals(before.expectedBed(), after.expectedBed())) {
            b.append("expected bed ").append(before.expectedBed()).append(" → ").append(after.expectedBed())
                    .append("; ");
        }
        if (!before.aliases().equals(after.aliases())) {
            b.append("aliases ").append(new TreeMap<>(after.aliases())).append("; ");
        }
        if (!before.expectedSignals().equals(after.expectedSignals())) {
            b.append("expected signals ").append(after.expectedSignals()).append("; ");
        }
        if (newPassword) {
            b.append("password set; ");
        }
        if (removed) {
            b.append("password removed; ");
        }
        if (b.length() > 0) {
            b.setLength(b.length() - 2);
        }
    }
}
