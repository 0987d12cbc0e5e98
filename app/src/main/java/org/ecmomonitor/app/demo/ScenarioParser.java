package org.ecmomonitor.app.demo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.ingest.ContextField;
import org.ecmomonitor.ingest.Signal;

/**
 * Reads a scenario file (YAML, documented in {@code scenarios/README.md}). Every mistake is an
 * {@link IllegalArgumentException} naming the field: a scenario is input from outside like any other.
 */
public final class ScenarioParser {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> TOP = Set.of("name", "description", "duration", "raises", "suppressed",
            "context", "signals", "events", "garbage");
    private static final Set<String> TRACK = Set.of("knots", "noise", "every", "start", "at", "oscillation");
    private static final int MAX_BYTES = 1 << 20;

    private ScenarioParser() {
    }

    public static Scenario parse(InputStream in, String source) {
        try {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IllegalArgumentException(source + ": larger than 1 MiB");
            }
            JsonNode root = YAML.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(source + ": a scenario is a YAML mapping");
            }
            return read(root);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(source) ? e.getMessage()
                    : source + ": " + e.getMessage(), e);
        }
    }

    private static Scenario read(JsonNode root) {
        only(root, TOP, "scenario");
        String name = text(root, "name");
        long duration = Durations.millis(text(root, "duration"));
        Set<Rule> raises = rules(root.get("raises"), "raises");
        Optional<Set<Rule>> suppressed = root.has("suppressed")
                ? Optional.of(rules(root.get("suppressed"), "suppressed")) : Optional.empty();
        List<Scenario.ContextChange> context = new ArrayList<>();
        for (JsonNode c : list(root, "context")) {
            context.add(contextChange(c));
        }
        Map<Signal, Scenario.Track> tracks = new EnumMap<>(Signal.class);
        JsonNode signals = root.get("signals");
        if (signals == null || !signals.isObject() || signals.isEmpty()) {
            throw new IllegalArgumentException("'signals' must map signal names to their courses");
        }
        Iterator<Map.Entry<String, JsonNode>> it = signals.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Signal s = Signal.byWireName(e.getKey()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown signal '" + e.getKey() + "' in 'signals'"));
            tracks.put(s, track(s, e.getValue()));
        }
        List<Scenario.Event> events = new ArrayList<>();
        for (JsonNode e : list(root, "events")) {
            events.add(event(e));
        }
        Optional<Scenario.Garbage> garbage = Optional.empty();
        if (root.has("garbage")) {
            JsonNode g = root.get("garbage");
            only(g, Set.of("device", "every"), "garbage");
            garbage = Optional.of(new Scenario.Garbage(g.has("device") ? text(g, "device") : "legacy-pump",
                    positive(Durations.millis(text(g, "every")), "garbage.every")));
        }
        String description = root.has("description") ? text(root, "description") : "";
        return new Scenario(name, description, duration, raises, suppressed, context, tracks, events, garbage);
    }

    private static Scenario.Track track(Signal s, JsonNode n) {
        String where = "signals." + s.wireName();
        if (!n.isObject()) {
            throw new IllegalArgumentException("'" + where + "' must be a mapping with 'knots'");
        }
        only(n, TRACK, where);
        JsonNode k = n.get("knots");
        if (k == null || !k.isObject() || k.isEmpty()) {
            throw new IllegalArgumentException("'" + where + ".knots' must map times to values, e.g. {0s: 72, 2h: 60}");
        }
        TreeMap<Long, Double> knots = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = k.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().doubleValue())) {
                throw new IllegalArgumentException("'" + where + ".knots." + e.getKey() + "' must be a number");
            }
            knots.put(Durations.millis(e.getKey()), e.getValue().doubleValue());
        }
        double noise = n.has("noise") ? number(n, "noise", where) : 0;
        if (noise < 0) {
            throw new IllegalArgumentException("'" + where + ".noise' must not be negative");
        }
        Scenario.Oscillation oscillation = n.has("oscillation") ? oscillation(n.get("oscillation"), where)
                : Scenario.Oscillation.NONE;
        List<Long> at = new ArrayList<>();
        if (n.has("at")) {
            if (!n.get("at").isArray()) {
                throw new IllegalArgumentException("'" + where + ".at' must be a list of times");
            }
            n.get("at").forEach(x -> at.add(Durations.millis(x.asText())));
        }
        long every = n.has("every") ? positive(Durations.millis(text(n, "every")), where + ".every")
                : SignalDefaults.everyMillis(s);
        if (at.isEmpty() && every <= 0) {
            throw new IllegalArgumentException("'" + where + "' needs 'every' or 'at' (lab and charted values have no"
                    + " default rate)");
        }
        long start = n.has("start") ? Durations.millis(text(n, "start")) : 0;
        return new Scenario.Track(s, knots, noise, oscillation, every, start, at);
    }

    private static Scenario.Oscillation oscillation(JsonNode o, String track) {
        String where = track + ".oscillation";
        only(o, Set.of("amplitude", "period", "from", "until"), where);
        double amplitude = number(o, "amplitude", where);
        long period = positive(Durations.millis(text(o, "period")), where + ".period");
        long from = o.has("from") ? Durations.millis(text(o, "from")) : Long.MIN_VALUE;
        long until = o.has("until") ? Durations.millis(text(o, "until")) : Long.MAX_VALUE;
        if (until <= from) {
            throw new IllegalArgumentException("'" + where + ".until' must be after its 'from'");
        }
        return new Scenario.Oscillation(amplitude, period, from, until);
    }

    private static Scenario.ContextChange contextChange(JsonNode c) {
        if (!c.isObject() || !c.has("at")) {
            throw new IllegalArgumentException("each 'context' entry needs 'at' and context fields");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = c.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("at")) {
                continue;
            }
            boolean known = java.util.Arrays.stream(ContextField.values()).anyMatch(f -> f.wireName().equals(e.getKey()));
            if (!known) {
                throw new IllegalArgumentException("unknown context field '" + e.getKey() + "'");
            }
            JsonNode v = e.getValue();
            fields.put(e.getKey(), v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asText());
        }
        return new Scenario.ContextChange(Durations.millis(text(c, "at")), fields);
    }

    private static Scenario.Event event(JsonNode e) {
        only(e, Set.of("at", "lasts", "type", "signal"), "events[]");
        Scenario.EventType type;
        try {
            type = Scenario.EventType.valueOf(text(e, "type").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException("event type must be line_flush or probe_off, got '" + text(e, "type")
                    + "'");
        }
        Signal signal = null;
        if (type == Scenario.EventType.PROBE_OFF) {
            signal = Signal.byWireName(text(e, "signal")).filter(s -> s == Signal.NIRS_LEFT || s == Signal.NIRS_RIGHT)
                    .orElseThrow(() -> new IllegalArgumentException("probe_off needs signal nirs_left or nirs_right"));
        }
        return new Scenario.Event(Durations.millis(text(e, "at")), positive(Durations.millis(text(e, "lasts")),
                "events.lasts"), type, signal);
    }

    private static Set<Rule> rules(JsonNode n, String field) {
        Set<Rule> out = EnumSet.noneOf(Rule.class);
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be a list of rule names");
        }
        for (JsonNode r : n) {
            out.add(Rule.byName(r.asText()).orElseThrow(() -> new IllegalArgumentException("unknown rule '"
                    + r.asText() + "' in '" + field + "'")));
        }
        return out;
    }

    private static List<JsonNode> list(JsonNode root, String field) {
        JsonNode n = root.get(field);
        List<JsonNode> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be a list");
        }
        n.forEach(out::add);
        return out;
    }

    private static void only(JsonNode n, Set<String> allowed, String where) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("'" + where + "' must be a mapping");
        }
        n.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "' in '" + where + "'; allowed: "
                        + new java.util.TreeSet<>(allowed));
            }
        });
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return v.asText();
    }

    private static double number(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("'" + where + "." + field + "' must be a number");
        }
        return v.doubleValue();
    }

    private static long positive(long millis, String field) {
        if (millis <= 0) {
            throw new IllegalArgumentException("'" + field + "' must be longer than 0");
        }
        return millis;
    }
}
