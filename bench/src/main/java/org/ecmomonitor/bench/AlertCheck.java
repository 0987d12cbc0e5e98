package org.ecmomonitor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks alert events, wherever they arrive (the monitor's live feed, a peer's MQTT topic), against the scripted
 * ones: a scripted raise's latency is its arrival minus its instant (the lab sample's scheduled time); a raise that
 * was not scripted, or one that arrives twice, is an error. Only the rules the system under test has are judged
 * (the Node-RED peer checks thresholds, it has no LACTATE_RISING).
 */
final class AlertCheck {
    /** {@code BENCH_TRACE=1}: each scripted alert's arrival and latency on stderr (to see late alerts bunch). */
    private static final boolean TRACE = System.getenv("BENCH_TRACE") != null;

    private final Map<LoadGenerator.Expected, Boolean> expected;
    private final Set<String> rules;
    private final Measurements measurements;
    final Map<LoadGenerator.Expected, Integer> received = new ConcurrentHashMap<>();
    final List<String> unscripted = new CopyOnWriteArrayList<>();
    final AtomicInteger duplicates = new AtomicInteger();

    AlertCheck(Map<LoadGenerator.Expected, Boolean> expected, Set<String> rules, Measurements measurements) {
        this.expected = expected;
        this.rules = rules;
        this.measurements = measurements;
    }

    /**
     * An alert event {"event", "bed", "rule", "at"[, "observedAt"]} that arrived at {@code nowMillis}; only raises
     * count. A lab alert is matched by the result's time, its {@code observedAt} (the monitor raises it on the engine
     * clock when the result arrives: alert-rules.md Time 5); a peer's alert without one by its {@code at}.
     */
    void onAlert(JsonNode m, long nowMillis) {
        if (!m.path("event").asText().equals("raised")) {
            return;
        }
        long at = Instant.parse(m.has("observedAt") ? m.get("observedAt").asText() : m.get("at").asText())
                .toEpochMilli();
        LoadGenerator.Expected key = new LoadGenerator.Expected(m.get("bed").asText(), m.get("rule").asText(), at);
        if (!expected.containsKey(key)) {
            if (unscripted.size() < 1000) {
                unscripted.add(m.toString());
            }
            return;
        }
        if (received.merge(key, 1, Integer::sum) > 1) {
            duplicates.incrementAndGet();
            return;
        }
        if (TRACE) {
            System.err.println("ALERT " + nowMillis + " " + (nowMillis - at) + " " + key);
        }
        measurements.alertLatency((nowMillis - at) * 1000);
    }

    void unreadable(String text) {
        if (unscripted.size() < 1000) {
            unscripted.add("unreadable: " + text);
        }
    }

    /** Every scripted raise of the judged rules inside [from, to] arrived once; nothing unscripted arrived. */
    String verdict(long from, long to) {
        List<LoadGenerator.Expected> due = expected.keySet().stream()
                .filter(e -> rules.contains(e.rule()) && e.atMillis() >= from && e.atMillis() <= to).toList();
        long arrived = due.stream().filter(received::containsKey).count();
        String verdict = arrived == due.size() && unscripted.isEmpty() && duplicates.get() == 0 ? "ok" : "WRONG";
        return verdict + ": " + arrived + "/" + due.size() + " scripted, " + unscripted.size() + " unscripted, "
                + duplicates.get() + " twice" + (unscripted.isEmpty() ? "" : " (e.g. " + unscripted.get(0) + ")");
    }
}
