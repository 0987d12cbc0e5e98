package org.ecmomonitor.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.IngestListener;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;

/**
 * What the board shows of each bed: its newest sample per signal (valid or artifact, flagged) and its patient
 * context. Fed by the ingest pipeline after samples are stored; primed from the store at start. Beds whose values
 * changed since the live feed last looked are remembered, so the feed sends each bed at most once per tick.
 */
public final class LatestValues implements IngestListener {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One signal's newest sample. */
    public record Value(long tsMillis, double value, boolean artifact, String device) {
    }

    private final Map<String, Map<Signal, Value>> byBed = new ConcurrentHashMap<>();
    private final Map<String, PatientContext> contexts = new ConcurrentHashMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    /** Loads what the store and the context repository hold (the board right after a restart). */
    public void prime(List<Sample> latest, Map<String, PatientContext> current) {
        for (Sample s : latest) {
            put(s);
        }
        contexts.putAll(current);
        changed.clear();
    }

    @Override
    public void onSamples(List<Sample> samples, long receivedMillis) {
        for (Sample s : samples) {
            put(s);
        }
    }

    private void put(Sample s) {
        Value v = new Value(s.tsMillis(), s.value(), s.artifact(), s.device());
        byBed.computeIfAbsent(s.bed(), b -> new ConcurrentHashMap<>())
                .merge(s.signal(), v, (old, neu) -> neu.tsMillis() >= old.tsMillis() ? neu : old);
        changed.add(s.bed());
    }

    @Override
    public void onContext(ContextUpdate u, long receivedMillis) {
        contexts.merge(u.bed(), PatientContext.EMPTY.apply(u.set(), u.cleared()),
                (old, ignored) -> old.apply(u.set(), u.cleared()));
        changed.add(u.bed());
    }

    /** Beds with values or context, in the board's order (B2 before B10). */
    public Set<String> beds() {
        Set<String> out = new TreeSet<>(BoardOrder.BEDS);
        out.addAll(byBed.keySet());
        out.addAll(contexts.keySet());
        return out;
    }

    public boolean knows(String bed) {
        return byBed.containsKey(bed) || contexts.containsKey(bed);
    }

    public Map<Signal, Value> values(String bed) {
        return Map.copyOf(byBed.getOrDefault(bed, Map.of()));
    }

    public PatientContext context(String bed) {
        return contexts.getOrDefault(bed, PatientContext.EMPTY);
    }

    /** The beds changed since the last call, and forgets them. */
    public List<String> drainChanged() {
        List<String> out = new ArrayList<>();
        for (String b : changed) {
            if (changed.remove(b)) {
                out.add(b);
            }
        }
        return out;
    }

    /** {@code {"map": {"t": ISO, "value": 63.0, "artifact": false, "device": "console"}, ...}} */
    public ObjectNode valuesJson(String bed) {
        ObjectNode out = JSON.createObjectNode();
        values(bed).entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.putObject(
                e.getKey().wireName()).put("t", Instant.ofEpochMilli(e.getValue().tsMillis()).toString())
                .put("value", e.getValue().value()).put("artifact", e.getValue().artifact())
                .put("device", e.getValue().device()));
        return out;
    }

    /**
     * The context with the contract's field names; unset fields are left out, defaults are named as such
     * ({@code *_in_effect}). {@code oxygenator_changed_at} is written as an ISO-8601 instant.
     */
    public ObjectNode contextJson(String bed) {
        return contextJson(context(bed));
    }

    /** A context as the API writes it (unset fields left out, what applies when unset named). */
    public static ObjectNode contextJson(PatientContext c) {
        ObjectNode n = JSON.createObjectNode();
        if (c.weightKg() != null) {
            n.put("weight_kg", c.weightKg());
        }
        if (c.arterialCannulaSide() != null) {
            n.put("arterial_cannula_side", c.arterialCannulaSide().wireName());
        }
        if (c.ecmoMode() != null) {
            n.put("ecmo_mode", c.ecmoMode().wireName());
        }
        if (c.crrt() != null) {
            n.put("crrt", c.crrt());
        }
        if (c.mapTarget() != null) {
            n.put("map_target", c.mapTarget());
        }
        if (c.ecmoFlowMin() != null) {
            n.put("ecmo_flow_min", c.ecmoFlowMin());
        }
        if (c.nirsBaselineLeft() != null) {
            n.put("nirs_baseline_left", c.nirsBaselineLeft());
        }
        if (c.nirsBaselineRight() != null) {
            n.put("nirs_baseline_right", c.nirsBaselineRight());
        }
        if (c.ecmoConfig() != null) {
            n.put("ecmo_config", c.ecmoConfig().wireName());
        }
        if (c.oxygenatorChangedAtMillis() != null) {
            n.put("oxygenator_changed_at", Instant.ofEpochMilli(c.oxygenatorChangedAtMillis()).toString());
        }
        if (c.antiXaMin() != null) {
            n.put("anti_xa_min", c.antiXaMin());
        }
        if (c.antiXaMax() != null) {
            n.put("anti_xa_max", c.antiXaMax());
        }
        n.put("map_target_in_effect", c.mapTargetOrDefault());
        n.put("ecmo_flow_min_in_effect", c.ecmoFlowMinOrDefault());
        n.put("ecmo_config_in_effect", c.ecmoConfigOrDefault().wireName());
        n.put("anti_xa_min_in_effect", c.antiXaMinOrDefault());
        n.put("anti_xa_max_in_effect", c.antiXaMaxOrDefault());
        return n;
    }
}
