package org.ecmomonitor.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecmomonitor.ingest.ConfiguredFeed;
import org.ecmomonitor.ingest.Feed;
import org.ecmomonitor.ingest.Ids;
import org.ecmomonitor.ingest.Passwords;
import org.ecmomonitor.ingest.Signal;

/**
 * The {@code feeds:} section of the config file:
 * <pre>
 * feeds:
 *   - device: console-b1          # as in the topic icu/{bed}/{device}, and the MQTT user name
 *     bed: B1                     # the bed it may publish for (or beds: [B1, B2]); optional = any bed
 *     context: false              # true: may send icu/{bed}/context for its beds (gateway, EHR connector)
 *     password: s3cret            # or password_hash: pbkdf2-sha256$...; optional
 *     aliases: {MAP_mean: map, Flow: ecmo_flow}
 *     expected_signals: [map, ecmo_flow, ecmo_speed]
 * </pre>
 */
final class FeedsParser {
    private static final Set<String> KEYS =
            Set.of("device", "bed", "beds", "context", "password", "password_hash", "aliases", "expected_signals");

    private FeedsParser() {
    }

    static List<ConfiguredFeed> parse(JsonNode feeds) throws ConfigException {
        List<ConfiguredFeed> out = new ArrayList<>();
        if (feeds == null || feeds.isNull()) {
            return out;
        }
        if (!feeds.isArray()) {
            throw new ConfigException("'feeds' must be a list of feeds");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < feeds.size(); i++) {
            ConfiguredFeed f = parseOne(feeds.get(i), "feeds[" + i + "]");
            if (!seen.add(f.feed().device())) {
                throw new ConfigException("feeds[" + i + "]: device '" + f.feed().device() + "' is listed twice");
            }
            out.add(f);
        }
        return out;
    }

    private static ConfiguredFeed parseOne(JsonNode n, String where) throws ConfigException {
        if (!n.isObject()) {
            throw new ConfigException(where + " must be a mapping with at least 'device'");
        }
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!KEYS.contains(k)) {
                throw new ConfigException(where + ": unknown key '" + k + "' (allowed: " + KEYS + ")");
            }
        }
        String device = text(n, "device", where);
        if (device == null || !Ids.isValid(device) || device.equals("context")) {
            throw new ConfigException(where + ": 'device' must match [A-Za-z0-9_.-]{1,64} and not be 'context'");
        }
        Set<String> beds = beds(n, where);
        JsonNode contextNode = n.get("context");
        if (contextNode != null && !contextNode.isNull() && !contextNode.isBoolean()) {
            throw new ConfigException(where + ": 'context' must be true or false");
        }
        boolean context = contextNode != null && contextNode.asBoolean();
        String password = text(n, "password", where);
        String hash = text(n, "password_hash", where);
        if (password != null && hash != null) {
            throw new ConfigException(where + ": give 'password' or 'password_hash', not both");
        }
        if (hash != null && !Passwords.isHash(hash)) {
            throw new ConfigException(where + ": 'password_hash' is not a pbkdf2-sha256 hash");
        }
        if (password != null && password.length() < 8) {
            throw new ConfigException(where + ": 'password' must have at least 8 characters");
        }
        Map<String, Signal> aliases = new LinkedHashMap<>();
        JsonNode a = n.get("aliases");
        if (a != null && !a.isNull()) {
            if (!a.isObject()) {
                throw new ConfigException(where + ": 'aliases' must map device signal names to canonical ones");
            }
            Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                aliases.put(e.getKey(), signal(e.getValue(), where + ".aliases." + e.getKey()));
            }
        }
        Set<Signal> expected = EnumSet.noneOf(Signal.class);
        JsonNode es = n.get("expected_signals");
        if (es != null && !es.isNull()) {
            if (!es.isArray()) {
                throw new ConfigException(where + ": 'expected_signals' must be a list of canonical signals");
            }
            for (JsonNode s : es) {
                expected.add(signal(s, where + ".expected_signals"));
            }
        }
        try {
            return new ConfiguredFeed(new Feed(device, beds, context, hash, aliases, expected), password);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
    }

    /** {@code bed: B1} or {@code beds: [B1, B2]}, not both; none means the device is not bound to a bed. */
    private static Set<String> beds(JsonNode n, String where) throws ConfigException {
        String bed = text(n, "bed", where);
        JsonNode list = n.get("beds");
        boolean hasList = list != null && !list.isNull();
        if (bed != null && hasList) {
            throw new ConfigException(where + ": give 'bed' or 'beds', not both");
        }
        Set<String> out = new java.util.TreeSet<>();
        if (bed != null) {
            out.add(bed);
        } else if (hasList) {
            if (!list.isArray() || list.isEmpty()) {
                throw new ConfigException(where + ": 'beds' must be a non-empty list of bed ids, e.g. [B1, B2]");
            }
            for (JsonNode b : list) {
                if (!b.isTextual() && !b.isNumber()) {
                    throw new ConfigException(where + ": 'beds' must list bed ids");
                }
                out.add(b.asText());
            }
        }
        if (out.size() > Feed.MAX_BEDS) {
            throw new ConfigException(where + ": 'beds' may list at most " + Feed.MAX_BEDS + " beds");
        }
        for (String b : out) {
            if (!Ids.isValid(b)) {
                throw new ConfigException(where + ": bed '" + b + "' must match [A-Za-z0-9_.-]{1,64}");
            }
        }
        return out;
    }

    private static Signal signal(JsonNode n, String where) throws ConfigException {
        if (!n.isTextual()) {
            throw new ConfigException(where + " must be a canonical signal name");
        }
        return Signal.byWireName(n.textValue()).orElseThrow(() -> new ConfigException(where + ": '" + n.textValue()
                + "' is not a canonical signal (see signals.md)"));
    }

    private static String text(JsonNode n, String key, String where) throws ConfigException {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode() || v.isBoolean()) {
            throw new ConfigException(where + ": '" + key + "' must be text");
        }
        return v.asText();
    }
}
