package org.ecmomonitor.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertState;
import org.ecmomonitor.alerts.LiveAlerts;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.alerts.Suppression;
import org.ecmomonitor.dashboards.auth.Permission;
import org.ecmomonitor.dashboards.http.Call;
import org.ecmomonitor.dashboards.http.HttpReply;
import org.ecmomonitor.dashboards.http.Json;
import org.ecmomonitor.dashboards.http.JsonBody;
import org.ecmomonitor.dashboards.http.Routes;
import org.ecmomonitor.ingest.Ids;

/**
 * What clinicians do to alerts. {@code POST /api/alerts/{id}/ack} {@code {"comment": "..."}} (contract §3)
 * acknowledges an open alert. Procedure suppressions of a bed: {@code POST /api/beds/{bed}/suppressions} with
 * {@code {"rules": ["MAP_LOW"] | "allPhysiological": true, "minutes": 2, "reason": "a-line flush"}},
 * {@code DELETE /api/beds/{bed}/suppressions/{id}}, {@code GET /api/beds/{bed}/suppressions}. The user is the
 * signed-in one; the engine writes each act to the audit log.
 */
public final class AlertActionRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("rules", "allPhysiological", "minutes", "reason");
    private static final int MAX_COMMENT_CHARS = 500;
    private static final long TIMEOUT_SECONDS = 10;

    private AlertActionRoutes() {
    }

    public static Routes register(Routes routes, LiveAlerts alerts) {
        routes.add(HttpMethod.POST, "/api/alerts/{id}/ack", Permission.ACKNOWLEDGE, c -> acknowledge(c, alerts));
        routes.add(HttpMethod.POST, "/api/beds/{bed}/suppressions", Permission.SUPPRESS, c -> create(c, alerts));
        routes.add(HttpMethod.GET, "/api/beds/{bed}/suppressions", Permission.VIEW, c -> list(c.param("bed"), alerts));
        routes.add(HttpMethod.DELETE, "/api/beds/{bed}/suppressions/{id}", Permission.SUPPRESS, c -> end(c, alerts));
        return routes;
    }

    private static HttpReply acknowledge(Call call, LiveAlerts alerts) throws Exception {
        long id;
        try {
            id = Long.parseLong(call.param("id"));
        } catch (NumberFormatException e) {
            return Json.badRequest("alert id must be a number");
        }
        String comment = null;
        if (call.request().content().isReadable()) {
            JsonBody body = JsonBody.read(call, Set.of("comment"));
            if (!body.ok()) {
                return body.error();
            }
            try {
                comment = body.text("comment");
            } catch (JsonBody.BadField e) {
                return e.reply();
            }
        }
        if (comment != null && comment.length() > MAX_COMMENT_CHARS) {
            return Json.badRequest("'comment' must be at most " + MAX_COMMENT_CHARS + " characters");
        }
        Optional<Alert> alert = alerts.repository().find(id);
        if (alert.isEmpty()) {
            return Json.error(HttpResponseStatus.NOT_FOUND, "no alert " + id);
        }
        if (alert.get().state() == AlertState.ACTIVE) {
            alerts.acknowledge(id, call.user(), comment == null ? "" : comment).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        // A retried acknowledgement (a lost reply, a second nurse at the same alarm) is answered with the alert as
        // it stands: acknowledging an acknowledged alert is done, not a conflict (issue 14).
        Alert now = alerts.repository().find(id).orElseThrow();
        if (now.state() == AlertState.CLEARED) {
            return Json.error(HttpResponseStatus.CONFLICT, "alert " + id + " is cleared; nothing to acknowledge");
        }
        if (now.state() != AlertState.ACKNOWLEDGED) {
            return Json.error(HttpResponseStatus.CONFLICT, "alert " + id + " is " + now.state().wireName()
                    + "; try again");
        }
        return Json.ok(AlertRoutes.toJson(now, alerts.repository()));
    }

    private static HttpReply create(Call call, LiveAlerts alerts) throws Exception {
        String bed = call.param("bed");
        if (!Ids.isValid(bed)) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "bed must match [A-Za-z0-9_.-]{1,64}");
        }
        JsonBody parsed = JsonBody.read(call, FIELDS);
        if (!parsed.ok()) {
            return parsed.error();
        }
        JsonNode body = parsed.object();
        Set<Rule> rules = EnumSet.noneOf(Rule.class);
        JsonNode r = body.get("rules");
        if (r != null && !r.isNull()) {
            if (!r.isArray()) {
                return Json.error(HttpResponseStatus.BAD_REQUEST, "'rules' must be an array of rule names");
            }
            for (JsonNode n : r) {
                Rule rule = n.isTextual() ? Rule.byName(n.textValue()).orElse(null) : null;
                if (rule == null) {
                    return Json.error(HttpResponseStatus.BAD_REQUEST, "unknown rule " + n);
                }
                rules.add(rule);
            }
        }
        JsonNode all = body.get("allPhysiological");
        if (all != null && !all.isBoolean()) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "'allPhysiological' must be true or false");
        }
        JsonNode minutes = body.get("minutes");
        if (minutes == null || !minutes.isIntegralNumber() || minutes.asInt() < 1 || minutes.asInt() > 60) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "'minutes' must be a whole number within 1..60");
        }
        String reason = text(body, "reason");
        String user = call.user();
        if (reason == null || reason.length() > MAX_COMMENT_CHARS) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "'reason' is required text of at most "
                    + MAX_COMMENT_CHARS + " characters");
        }
        try {
            Suppression x = alerts.suppress(bed, rules, all != null && all.booleanValue(), minutes.asInt(), reason,
                    user).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return Json.reply(HttpResponseStatus.CREATED, toJson(x));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                return Json.error(HttpResponseStatus.BAD_REQUEST, bad.getMessage());
            }
            throw e;
        }
    }

    private static HttpReply list(String bed, LiveAlerts alerts) throws Exception {
        if (!Ids.isValid(bed)) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "bed must match [A-Za-z0-9_.-]{1,64}");
        }
        ArrayNode out = JSON.createArrayNode();
        for (Suppression x : alerts.suppressions(bed).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            out.add(toJson(x));
        }
        return Json.ok(out);
    }

    private static HttpReply end(Call call, LiveAlerts alerts) throws Exception {
        String bed = call.param("bed");
        long id;
        try {
            id = Long.parseLong(call.param("id"));
        } catch (NumberFormatException e) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "suppression id must be a number");
        }
        if (!Ids.isValid(bed)) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "bed must match [A-Za-z0-9_.-]{1,64}");
        }
        boolean ended = alerts.endSuppression(bed, id, call.user()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return ended ? HttpReply.noContent()
                : Json.error(HttpResponseStatus.NOT_FOUND, "no running suppression " + id + " on bed " + bed);
    }

    static ObjectNode toJson(Suppression x) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", x.id());
        n.put("bed", x.bed());
        ArrayNode rules = n.putArray("rules");
        x.rules().forEach(r -> rules.add(r.name()));
        n.put("allPhysiological", x.allPhysiological());
        n.put("from", Instant.ofEpochMilli(x.fromMillis()).toString());
        n.put("until", Instant.ofEpochMilli(x.untilMillis()).toString());
        n.put("reason", x.reason());
        n.put("user", x.user());
        return n;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && n.isTextual() && !n.textValue().isBlank() ? n.textValue() : null;
    }
}
