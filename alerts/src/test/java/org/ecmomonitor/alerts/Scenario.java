package org.ecmomonitor.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.ecmomonitor.ingest.CannulaSide;
import org.ecmomonitor.ingest.ContextField;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.EcmoMode;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Quality;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.Specimen;

/**
 * Builds a bed's timeline for rule tests and plays it through an engine with a controlled clock: samples and
 * context in time order, the clock advanced between them as the live ticks would.
 */
final class Scenario {
    static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
    static final String BED = "B1";

    private final List<Object> items = new ArrayList<>();

    static long at(Duration d) {
        return T0.plus(d).toEpochMilli();
    }

    static Duration min(double m) {
        return Duration.ofMillis(Math.round(m * 60_000));
    }

    static Duration sec(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    /** One sample every {@code every} from {@code from} (inclusive) to {@code to} (exclusive). */
    Scenario series(Signal signal, Duration from, Duration to, Duration every, DoubleUnaryOperator valueAtSeconds) {
        for (long t = from.toMillis(); t < to.toMillis(); t += every.toMillis()) {
            double v = valueAtSeconds.applyAsDouble(t / 1000.0);
            items.add(Sample.of(BED, "console", signal, T0.toEpochMilli() + t, v));
        }
        return this;
    }

    Scenario constant(Signal signal, Duration from, Duration to, double value) {
        return series(signal, from, to, sec(1), t -> value);
    }

    Scenario lab(Signal signal, Duration at, double value) {
        items.add(Sample.of(BED, "lab", signal, T0.plus(at).toEpochMilli(), value));
        return this;
    }

    Scenario lab(Signal signal, Duration at, double value, Specimen specimen, LabStatus status) {
        items.add(new Sample(BED, "lab", signal, T0.plus(at).toEpochMilli(), value, Quality.OK,
                !signal.isPlausible(value), status, specimen, value, signal.canonicalUnit().orElse(null)));
        return this;
    }

    Scenario sample(Sample s) {
        items.add(s);
        return this;
    }

    Scenario context(Duration at, PatientContext set) {
        items.add(new ContextUpdate(BED, T0.plus(at).toEpochMilli(), set, Set.of()));
        return this;
    }

    Scenario context(Duration at, PatientContext set, Set<ContextField> cleared) {
        items.add(new ContextUpdate(BED, T0.plus(at).toEpochMilli(), set, cleared));
        return this;
    }

    static PatientContext cannula(CannulaSide side, Double baselineLeft, Double baselineRight) {
        return new PatientContext(null, side, null, null, null, null, baselineLeft, baselineRight);
    }

    static PatientContext mode(EcmoMode mode) {
        return new PatientContext(null, null, mode, null, null, null, null, null);
    }

    /** Plays the timeline (sorted by time, stable) through a fresh engine and returns the alert events. */
    List<AlertEvent> play(Duration until) {
        return play(until, Map.of());
    }

    List<AlertEvent> play(Duration until, Map<String, Double> variables) {
        try (AlertEngine engine = new AlertEngine(new InMemoryAlertRepository(), variables, T0.toEpochMilli())) {
            return play(engine, until);
        }
    }

    List<AlertEvent> play(AlertEngine engine, Duration until) {
        List<AlertEvent> events = new ArrayList<>();
        engine.addListener(events::add);
        List<Object> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> Long.compare(time(a), time(b)));
        for (Object o : sorted) {
            if (o instanceof Sample s) {
                engine.onSample(s);
            } else {
                engine.onContext((ContextUpdate) o);
            }
        }
        engine.flush();
        engine.advanceTo(T0.plus(until).toEpochMilli());
        return events;
    }

    /** The timeline as replay lines (contract §2), in time order; each sample as sent (value and unit). */
    String toJsonl() {
        List<Object> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> Long.compare(time(a), time(b)));
        StringBuilder sb = new StringBuilder();
        for (Object o : sorted) {
            if (o instanceof Sample s) {
                sb.append("{\"bed\":\"").append(s.bed()).append("\",\"device\":\"").append(s.device())
                        .append("\",\"ts\":\"").append(s.ts()).append("\",\"signal\":\"").append(s.signal())
                        .append("\",\"value\":")
                        .append(java.math.BigDecimal.valueOf(s.originalValue()).stripTrailingZeros().toPlainString());
                if (s.originalUnit() != null) {
                    sb.append(",\"unit\":\"").append(s.originalUnit()).append('"');
                }
                if (s.signal().isLab()) {
                    sb.append(",\"status\":\"").append(s.status().wireName()).append("\",\"specimen\":\"")
                            .append(s.specimen().wireName()).append('"');
                }
                sb.append("}\n");
            } else {
                ContextUpdate u = (ContextUpdate) o;
                PatientContext c = u.set();
                StringBuilder ctx = new StringBuilder();
                field(ctx, "weight_kg", c.weightKg());
                field(ctx, "arterial_cannula_side", c.arterialCannulaSide() == null ? null
                        : '"' + c.arterialCannulaSide().wireName() + '"');
                field(ctx, "ecmo_mode", c.ecmoMode() == null ? null : '"' + c.ecmoMode().wireName() + '"');
                field(ctx, "crrt", c.crrt());
                field(ctx, "map_target", c.mapTarget());
                field(ctx, "ecmo_flow_min", c.ecmoFlowMin());
                field(ctx, "nirs_baseline_left", c.nirsBaselineLeft());
                field(ctx, "nirs_baseline_right", c.nirsBaselineRight());
                field(ctx, "ecmo_config", c.ecmoConfig() == null ? null : '"' + c.ecmoConfig().wireName() + '"');
                field(ctx, "oxygenator_changed_at", c.oxygenatorChangedAtMillis());
                field(ctx, "anti_xa_min", c.antiXaMin());
                field(ctx, "anti_xa_max", c.antiXaMax());
                sb.append("{\"bed\":\"").append(u.bed()).append("\",\"ts\":\"").append(u.ts())
                        .append("\",\"context\":{").append(ctx).append("}}\n");
            }
        }
        return sb.toString();
    }

    private static void field(StringBuilder sb, String name, Object value) {
        if (value == null) {
            return;
        }
        if (sb.length() > 0) {
            sb.append(',');
        }
        sb.append('"').append(name).append("\":").append(value);
    }

    private static long time(Object o) {
        return o instanceof Sample s ? s.tsMillis() : ((ContextUpdate) o).tsMillis();
    }
}
