package org.ecmomonitor.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecmomonitor.alerts.AlarmBurden;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertRepository;
import org.ecmomonitor.alerts.replay.AlertEventJson;
import org.ecmomonitor.dashboards.auth.Permission;
import org.ecmomonitor.dashboards.http.HttpReply;
import org.ecmomonitor.dashboards.http.Json;
import org.ecmomonitor.dashboards.http.Routes;
import org.ecmomonitor.ingest.Ids;
import org.ecmomonitor.ingest.StoreException;

/**
 * {@code GET /api/alerts?state=active|all&bed=B&limit=N} (contract §3): alerts, newest first. {@code active} means
 * open (active or acknowledged: what the board shows); {@code all} adds cleared ones. An alert raised by a lab
 * result or a backlog carries {@code observedAt}, when that result was observed ("drawn 07:20, reported 08:05";
 * alert-rules.md Time 4 and 5); a technical alert carries its key as the replay line does ({@code device} for
 * DEVICE_CLOCK, {@code signal} for the others).
 */
public final class AlertRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PARAMS = Set.of("state", "bed", "limit");
    private static final Set<String> STATS_PARAMS = Set.of("from", "to", "bed");
    private static final int DEFAULT_LIMIT = 200;
    private static final int MAX_LIMIT = 5000;

    private AlertRoutes() {
    }

    /** @param monitored how long a bed was monitored, for its alerts per bed-day */
    public static Routes register(Routes routes, AlertRepository alerts, MonitoredTime monitored, Clock clock) {
        routes.add(HttpMethod.GET, "/api/alerts", Permission.VIEW, c -> list(c.request(), alerts));
        routes.add(HttpMethod.GET, "/api/alerts/stats", Permission.VIEW,
                c -> stats(c.request(), alerts, monitored, clock));
        return routes;
    }

    /**
     * {@code GET /api/alerts/stats?from=ISO&to=ISO&bed=B} (default: the last 7 days, all beds): alarm-burden figures
     * per rule and per bed-day (UTC) from the stored alerts. With {@code bed}, only that bed's alerts, and its
     * monitored time in the period ({@code bedDays}, see {@link MonitoredTime}) with the notified alerts per
     * bed-day in all and per rule. Without it those are null: the monitored time is read from the store bed by bed,
     * too slow to do for a whole unit on a request.
     */
    static HttpReply stats(FullHttpRequest req, AlertRepository alerts, MonitoredTime monitored, Clock clock)
            throws Exception {
        Map<String, List<String>> q = new QueryStringDecoder(req.uri()).parameters();
        for (Map.Entry<String, List<String>> e : q.entrySet()) {
            if (!STATS_PARAMS.contains(e.getKey())) {
                return Json.error(HttpResponseStatus.BAD_REQUEST, "unknown parameter '" + e.getKey()
                        + "'; allowed: from, to, bed");
            }
            if (e.getValue().size() != 1) {
                return Json.error(HttpResponseStatus.BAD_REQUEST, "parameter '" + e.getKey() + "' given twice");
            }
        }
        String bed = one(q, "bed", null);
        if (bed != null && !Ids.isValid(bed)) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "bed must match [A-Za-z0-9_.-]{1,64}");
        }
        long to;
        long from;
        try {
            to = q.containsKey("to") ? Instant.parse(one(q, "to", null)).toEpochMilli() : clock.millis();
            from = q.containsKey("from") ? Instant.parse(one(q, "from", null)).toEpochMilli()
                    : to - Duration.ofDays(7).toMillis();
        } catch (DateTimeParseException e) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "from and to must be ISO-8601 instants, e.g."
                    + " 2026-11-21T08:00:00Z");
        }
        if (from >= to || to - from > Duration.ofDays(366).toMillis()) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "from must be before to, at most a year apart");
        }
        List<Alert> raised = alerts.raisedBetween(from, to).stream()
                .filter(a -> bed == null || a.bed().equals(bed)).toList();
        AlarmBurden.Rates rates = null;
        if (bed != null) {
            try {
                rates = AlarmBurden.perBedDay(raised, monitored.millis(bed, from, to));
            } catch (StoreException e) {
                return Json.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the time-series store is not answering,"
                        + " so the bed's monitored time is unknown: " + e.getMessage());
            }
        }
        AlarmBurden.Report r = AlarmBurden.of(raised);
        ObjectNode out = JSON.createObjectNode();
        out.put("from", Instant.ofEpochMilli(from).toString());
        out.put("to", Instant.ofEpochMilli(to).toString());
        out.put("bed", bed);
        out.put("raised", raised.size());
        out.put("bedDays", rates == null ? null : rates.bedDays());
        out.put("notifiedPerBedDay", rates == null ? null : rates.perBedDay());
        out.put("goalNotifiedPerBedDay", AlarmBurden.GOAL_NOTIFIED_PER_BED_DAY);
        ObjectNode byRule = out.putObject("byRule");
        AlarmBurden.Rates perRule = rates;
        r.byRule().forEach((rule, f) -> figures(byRule.putObject(rule), f)
                .put("notifiedPerBedDay", perRule == null ? null : perRule.byRule().get(rule)));
        ArrayNode byBedDay = out.putArray("byBedDay");
        r.byBedDay().forEach((k, f) -> {
            ObjectNode n = byBedDay.addObject();
            n.put("bed", k.substring(0, k.indexOf(' ')));
            n.put("day", k.substring(k.indexOf(' ') + 1));
            figures(n, f);
        });
        return Json.ok(out);
    }

    private static ObjectNode figures(ObjectNode n, AlarmBurden.Figures f) {
        n.put("raised", f.raised());
        n.put("acknowledged", f.acknowledged());
        n.put("medianSecondsToAcknowledge", f.medianSecondsToAcknowledge());
        n.put("shareClearedByItselfWithin2Min", f.shareClearedByItselfWithin2Min());
        return n;
    }

    static HttpReply list(FullHttpRequest req, AlertRepository alerts) throws Exception {
        Map<String, List<String>> q = new QueryStringDecoder(req.uri()).parameters();
        for (Map.Entry<String, List<String>> e : q.entrySet()) {
            if (!PARAMS.contains(e.getKey())) {
                return Json.error(HttpResponseStatus.BAD_REQUEST, "unknown parameter '" + e.getKey()
                        + "'; allowed: state, bed, limit");
            }
            if (e.getValue().size() != 1) {
                return Json.error(HttpResponseStatus.BAD_REQUEST, "parameter '" + e.getKey() + "' given twice");
            }
        }
        String state = one(q, "state", "active");
        if (!state.equals("active") && !state.equals("all")) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "state must be active or all, got '" + state + "'");
        }
        String bed = one(q, "bed", null);
        if (bed != null && !Ids.isValid(bed)) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "bed must match [A-Za-z0-9_.-]{1,64}");
        }
        int limit;
        try {
            limit = Integer.parseInt(one(q, "limit", String.valueOf(DEFAULT_LIMIT)));
        } catch (NumberFormatException e) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "limit must be an integer within 1.." + MAX_LIMIT);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "limit must be within 1.." + MAX_LIMIT);
        }
        ArrayNode out = JSON.createArrayNode();
        for (Alert a : alerts.list(state.equals("active"), bed, limit)) {
            out.add(toJson(a, alerts));
        }
        return Json.ok(out);
    }

    /**
     * An alert as the API shows it, with {@code "stored": false} while it (or an event of it) is kept in memory
     * because monitor.db cannot take it (a full disk): shown, not yet in the history.
     */
    static ObjectNode toJson(Alert a, AlertRepository alerts) {
        ObjectNode n = toJson(a);
        if (!alerts.stored(a.id())) {
            n.put("stored", false);
        }
        return n;
    }

    static ObjectNode toJson(Alert a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", a.id());
        n.put("bed", a.bed());
        n.put("rule", a.rule().name());
        if (!a.key().isEmpty()) {
            n.put(AlertEventJson.keyField(a.rule()), a.key());
        }
        n.put("priority", a.priority().wireName());
        n.put("kind", a.kind().wireName());
        n.put("state", a.state().wireName());
        n.put("raisedAt", Instant.ofEpochMilli(a.raisedAtMillis()).toString());
        n.put("acknowledgedAt", a.acknowledgedAtMillis() == null ? null
                : Instant.ofEpochMilli(a.acknowledgedAtMillis()).toString());
        n.put("acknowledgedBy", a.acknowledgedBy());
        n.put("comment", a.ackComment());
        n.put("clearedAt", a.clearedAtMillis() == null ? null : Instant.ofEpochMilli(a.clearedAtMillis()).toString());
        n.put("value", a.value());
        n.put("message", a.message());
        if (a.observedAtMillis() != null) {
            n.put("observedAt", Instant.ofEpochMilli(a.observedAtMillis()).toString());
        }
        n.put("level", a.level());
        return n;
    }

    private static String one(Map<String, List<String>> q, String name, String fallback) {
        List<String> v = q.get(name);
        return v == null ? fallback : v.get(0);
    }
}
