package org.ecmomonitor.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.alerts.LiveAlerts;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.alerts.Suppression;
import org.ecmomonitor.dashboards.http.HttpReply;
import org.ecmomonitor.dashboards.http.Routes;
import org.ecmomonitor.ingest.Ids;
import org.ecmomonitor.ingest.PayloadParser;

/**
 * Procedure suppressions of a bed: {@code POST /api/beds/{bed}/suppressions} with
 * {@code {"rules": ["MAP_LOW"] | "allPhysiological": true, "minutes": 2, "reason": "a-line flush", "user": "..."}},
 * {@code DELETE /api/beds/{bed}/suppressions/{id}?user=...}, {@code GET /api/beds/{bed}/suppressions}. The user is
 * named in the request until sign-in arrives (dashboards issue), which will take it from the session instead.
 */
public final class SuppressionRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("rules", "allPhysiological", "minutes", "reason", "user");
    private static final long TIMEOUT_SECONDS = 10;

    private SuppressionRoutes() {
    }

    public static Routes register(Routes routes, LiveAlerts alerts) {
        routes.add(HttpMethod.POST, "/api/beds/{bed}/suppressions", (req, p) -> create(req, p.get("bed"), alerts));
        routes.add(HttpMethod.GET, "/api/beds/{bed}/suppressions", (req, p) -> list(p.get("bed"), alerts));
        routes.add(HttpMethod.DELETE, "/api/beds/{bed}/suppressions/{id}",
                (req, p) -> end(req, p.get("bed"), p.get("id"), alerts));
        return routes;
    }

    private static HttpReply create(FullHttpRequest req, String bed, LiveAlerts alerts) throws Exception {
        if (!Ids.isValid(bed)) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "bed must match [A-Za-z0-9_.-]{1,64}");
        }
        JsonNode body;
        try {
            body = PayloadParser.readStrict(req.content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "body must be a JSON object");
        }
        if (body == null || !body.isObject()) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "body must be a JSON object");
        }
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!FIELDS.contains(n)) {
                return Json.error(HttpResponseStatus.BAD_REQUEST, "unknown field '" + n + "'; allowed: " + FIELDS);
            }
        }
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
        String user = text(body, "user");
        if (reason == null || user == null) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "'reason' and 'user' are required text");
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

    private static HttpReply end(FullHttpRequest req, String bed, String idText, LiveAlerts alerts)
            throws Exception {
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "suppression id must be a number");
        }
        List<String> user = new QueryStringDecoder(req.uri()).parameters().get("user");
        if (!Ids.isValid(bed) || user == null || user.size() != 1 || user.get(0).isBlank()) {
            return Json.error(HttpResponseStatus.BAD_REQUEST, "a valid bed and one 'user' parameter are required");
        }
        boolean ended = alerts.endSuppression(bed, id, user.get(0)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return ended ? new HttpReply(HttpResponseStatus.NO_CONTENT, "application/json", new byte[0])
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
