package org.ecmomonitor.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertRepository;
import org.ecmomonitor.alerts.AuditLog;
import org.ecmomonitor.dashboards.auth.Permission;
import org.ecmomonitor.dashboards.http.Call;
import org.ecmomonitor.dashboards.http.HttpReply;
import org.ecmomonitor.dashboards.http.Json;
import org.ecmomonitor.dashboards.http.JsonBody;
import org.ecmomonitor.dashboards.http.Routes;
import org.ecmomonitor.ingest.ContextField;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.Ids;
import org.ecmomonitor.ingest.InboundMessage;
import org.ecmomonitor.ingest.IngestPipeline;
import org.ecmomonitor.ingest.ParseResult;
import org.ecmomonitor.ingest.PayloadParser;
import org.ecmomonitor.ingest.Rejection;
import org.ecmomonitor.ingest.SampleStore;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.ContextChange;
import org.ecmomonitor.ingest.StoreException;
import org.ecmomonitor.ingest.TrendPoint;
import org.ecmomonitor.ingest.TrendQuery;

/**
 * Beds (contract §3): {@code GET /api/beds} (every bed: latest value per signal, context, open alerts),
 * {@code GET /api/beds/{bed}}, {@code GET /api/beds/{bed}/series?signal=map&from=ISO&to=ISO&step=60s} (trend points
 * {@code {t, min, mean, max, n}} downsampled in the store), and {@code PUT /api/beds/{bed}/context} (an
 * intensivist's edit, which takes the same path as a gateway's context message, so the rules see it alike).
 */
public final class BedRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STEP = Pattern.compile("(\\d{1,7})([smh]?)");
    private static final Set<String> SERIES_PARAMS = Set.of("signal", "from", "to", "step");
    private static final Set<String> CONTEXT_FIELDS = java.util.Arrays.stream(ContextField.values())
            .map(ContextField::wireName).collect(Collectors.toUnmodifiableSet());
    private static final Duration DEFAULT_SPAN = Duration.ofHours(6);
    private static final long TIMEOUT_SECONDS = 10;

    private final LatestValues latest;
    private final AlertRepository alerts;
    private final AuditLog audit;
    private final SampleStore store;
    private final IngestPipeline pipeline;
    private final Clock clock;
    private final PayloadParser parser = new PayloadParser();

    public BedRoutes(LatestValues latest, AlertRepository alerts, AuditLog audit, SampleStore store,
                     IngestPipeline pipeline, Clock clock) {
        this.latest = latest;
        this.alerts = alerts;
        this.audit = audit;
        this.store = store;
        this.pipeline = pipeline;
        this.clock = clock;
    }

    public Routes register(Routes routes) {
        routes.add(HttpMethod.GET, "/api/beds", Permission.VIEW, c -> beds());
        routes.add(HttpMethod.GET, "/api/beds/{bed}", Permission.VIEW, this::bed);
        routes.add(HttpMethod.GET, "/api/beds/{bed}/series", Permission.VIEW, this::series);
        routes.add(HttpMethod.PUT, "/api/beds/{bed}/context", Permission.EDIT_CONTEXT, this::editContext);
        routes.add(HttpMethod.GET, "/api/beds/{bed}/context/history", Permission.VIEW, this::contextHistory);
        return routes;
    }

    private HttpReply beds() throws Exception {
        Map<String, List<Alert>> open = alerts.list(true, null, 5000).stream()
                .collect(Collectors.groupingBy(Alert::bed));
        Set<String> beds = new java.util.TreeSet<>(BoardOrder.BEDS);
        beds.addAll(latest.beds());
        beds.addAll(open.keySet());
        ArrayNode out = JSON.createArrayNode();
        for (String bed : beds) {
            out.add(bedJson(bed, open.getOrDefault(bed, List.of())));
        }
        return Json.ok(out);
    }

    private HttpReply bed(Call call) throws Exception {
        String bed = call.param("bed");
        if (!Ids.isValid(bed)) {
            return Json.badRequest("bed must match [A-Za-z0-9_.-]{1,64}");
        }
        List<Alert> open = alerts.list(true, bed, 5000);
        if (!latest.knows(bed) && open.isEmpty()) {
            return Json.error(HttpResponseStatus.NOT_FOUND, "no data for bed " + bed);
        }
        return Json.ok(bedJson(bed, open));
    }

    private ObjectNode bedJson(String bed, List<Alert> open) {
        ObjectNode n = JSON.createObjectNode();
        n.put("bed", bed);
        n.set("values", latest.valuesJson(bed));
        n.set("context", latest.contextJson(bed));
        ArrayNode a = n.putArray("alerts");
        open.stream().sorted(BoardOrder.ALERTS).forEach(x -> a.add(AlertRoutes.toJson(x, alerts)));
        return n;
    }

    private HttpReply series(Call call) throws Exception {
        String bed = call.param("bed");
        Map<String, List<String>> q = call.query();
        for (Map.Entry<String, List<String>> e : q.entrySet()) {
            if (!SERIES_PARAMS.contains(e.getKey())) {
                return Json.badRequest("unknown parameter '" + e.getKey() + "'; allowed: signal, from, to, step");
            }
            if (e.getValue().size() != 1) {
                return Json.badRequest("parameter '" + e.getKey() + "' given twice");
            }
        }
        if (!Ids.isValid(bed)) {
            return Json.badRequest("bed must match [A-Za-z0-9_.-]{1,64}");
        }
        String signalName = q.containsKey("signal") ? q.get("signal").get(0) : null;
        Signal signal = signalName == null ? null : Signal.byWireName(signalName).orElse(null);
        if (signal == null) {
            return Json.badRequest("'signal' must be one of " + java.util.Arrays.stream(Signal.values())
                    .map(Signal::wireName).toList());
        }
        long to;
        long from;
        try {
            to = q.containsKey("to") ? Instant.parse(q.get("to").get(0)).toEpochMilli() : clock.millis();
            from = q.containsKey("from") ? Instant.parse(q.get("from").get(0)).toEpochMilli()
                    : to - DEFAULT_SPAN.toMillis();
        } catch (DateTimeParseException e) {
            return Json.badRequest("from and to must be ISO-8601 instants, e.g. 2026-11-21T08:00:00Z");
        }
        long step = q.containsKey("step") ? stepMillis(q.get("step").get(0)) : 60_000;
        if (step <= 0) {
            return Json.badRequest("step must be a number of seconds with an optional unit s, m or h (e.g. 60s, 5m)");
        }
        TrendQuery query;
        try {
            query = new TrendQuery(bed, signal, from, to, step);
        } catch (IllegalArgumentException e) {
            return Json.badRequest(e.getMessage());
        }
        List<TrendPoint> points;
        try {
            points = store.trend(query);
        } catch (StoreException e) {
            return Json.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the time-series store is not answering: "
                    + e.getMessage());
        }
        ArrayNode out = JSON.createArrayNode();
        for (TrendPoint p : points) {
            out.addObject().put("t", Instant.ofEpochMilli(p.tMillis()).toString()).put("min", p.min())
                    .put("mean", p.mean()).put("max", p.max()).put("n", p.n());
        }
        return Json.ok(out);
    }

    /** {@code 60s}, {@code 5m}, {@code 1h}, or plain seconds; -1 when malformed. */
    static long stepMillis(String text) {
        Matcher m = STEP.matcher(text);
        if (!m.matches()) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 1000;
        };
    }

    private HttpReply editContext(Call call) throws Exception {
        String bed = call.param("bed");
        if (!Ids.isValid(bed)) {
            return Json.badRequest("bed must match [A-Za-z0-9_.-]{1,64}");
        }
        JsonBody body = JsonBody.read(call, CONTEXT_FIELDS);
        if (!body.ok()) {
            return body.error();
        }
        if (body.object().isEmpty()) {
            return Json.badRequest("give at least one context field: " + new java.util.TreeSet<>(CONTEXT_FIELDS));
        }
        long now = clock.millis();
        ObjectNode message = body.object().deepCopy();
        message.put("ts", Instant.ofEpochMilli(now).toString());
        ParseResult checked = parser.parseContext(bed, message, now, now, now);
        if (!checked.rejections().isEmpty()) {
            return Json.badRequest(checked.rejections().stream().map(Rejection::detail)
                    .collect(Collectors.joining("; ")));
        }
        try {
            pipeline.submit(new InboundMessage("icu/" + bed + "/context",
                    JSON.writeValueAsString(message).getBytes(StandardCharsets.UTF_8), IngestPipeline.HTTP_SOURCE, null, true,
                    call.user()))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return Json.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the context could not be stored: "
                    + e.getCause().getMessage());
        }
        ContextUpdate u = checked.contexts().get(0);
        audit.audit(now, call.user(), "edit context", "bed " + bed, JSON.writeValueAsString(body.object()));
        ObjectNode out = JSON.createObjectNode();
        out.put("bed", bed);
        out.set("context", contextAfter(bed, u));
        return Json.ok(out);
    }

    /**
     * {@code GET /api/beds/{bed}/context/history?limit=N} (default 50, at most 500): the bed's context changes, newest
     * first, each with the context it left, its {@code ts} and who made it ({@code device:<id>}, {@code broker},
     * {@code user:<name>}; null for changes stored before authors were recorded).
     */
    private HttpReply contextHistory(Call call) throws Exception {
        String bed = call.param("bed");
        if (!Ids.isValid(bed)) {
            return Json.badRequest("bed must match [A-Za-z0-9_.-]{1,64}");
        }
        int limit = 50;
        List<String> given = call.query().get("limit");
        if (given != null) {
            try {
                limit = Integer.parseInt(given.get(0));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (given.size() != 1 || limit < 1 || limit > 500) {
                return Json.badRequest("limit must be one whole number within 1..500");
            }
        }
        ArrayNode out = JSON.createArrayNode();
        for (ContextChange c : pipeline.contextHistory(bed, limit)) {
            ObjectNode n = out.addObject();
            n.put("ts", Instant.ofEpochMilli(c.tsMillis()).toString());
            n.put("changedBy", c.changedBy());
            n.set("context", LatestValues.contextJson(c.after()));
        }
        return Json.ok(out);
    }

    /** The context as the edit leaves it (the board's copy may be updated a moment later, by the pipeline). */
    private ObjectNode contextAfter(String bed, ContextUpdate u) {
        LatestValues preview = new LatestValues();
        preview.prime(List.of(), Map.of(bed, latest.context(bed)));
        preview.onContext(u, u.tsMillis());
        return preview.contextJson(bed);
    }
}
