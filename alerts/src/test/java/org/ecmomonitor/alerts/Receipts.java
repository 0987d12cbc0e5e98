package org.ecmomonitor.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Quality;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.Specimen;

/**
 * The live world for rule tests (alert-rules.md "Time (v2)"): what each device measured when, by its own clock,
 * and when the server received it. Played in receipt order through an engine whose clock is the server's, as
 * {@link LiveAlerts} drives it; times are given as offsets from {@link Scenario#T0} in true (server) time.
 */
final class Receipts {
    private record Item(long receivedMillis, int seq, Object value) {
    }

    private final List<Item> items = new ArrayList<>();
    private final Random random = new Random(7);

    /** How a device's messages reach the server: its clock's error, a steady lag, jitter, and steps. */
    static final class Link {
        long aheadMillis;
        long lagMillis;
        long jitterMillis;
        long stepAtMillis = Long.MAX_VALUE;
        long stepMillis;

        /** The device's clock is this far ahead of the server's (negative: behind). */
        Link ahead(Duration d) {
            aheadMillis = d.toMillis();
            return this;
        }

        /** Its messages arrive this long after they were measured. */
        Link lag(Duration d) {
            lagMillis = d.toMillis();
            return this;
        }

        /** Each message arrives up to this much later again, at random. */
        Link jitter(Duration d) {
            jitterMillis = d.toMillis();
            return this;
        }

        /** At true time {@code at} the device's clock jumps by {@code by} (an NTP step). */
        Link step(Duration at, Duration by) {
            stepAtMillis = at.toMillis();
            stepMillis = by.toMillis();
            return this;
        }

        long ts(long trueMillis) {
            return trueMillis + aheadMillis + (trueMillis >= stepAtMillis ? stepMillis : 0);
        }
    }

    static Link link() {
        return new Link();
    }

    /** A continuous signal from {@code device} of {@code bed}, one sample every {@code every}, in true time. */
    Receipts series(String bed, String device, Link link, Signal signal, Duration from, Duration to, Duration every,
                    DoubleUnaryOperator valueAtSeconds) {
        for (long t = from.toMillis(); t < to.toMillis(); t += every.toMillis()) {
            long trueAt = Scenario.T0.toEpochMilli() + t;
            long jitter = link.jitterMillis == 0 ? 0 : (long) (random.nextDouble() * link.jitterMillis);
            Sample s = Sample.of(bed, device, signal, link.ts(t) + Scenario.T0.toEpochMilli(),
                    valueAtSeconds.applyAsDouble(t / 1000.0));
            add(trueAt + link.lagMillis + jitter, s);
        }
        return this;
    }

    Receipts constant(String bed, String device, Link link, Signal signal, Duration from, Duration to, double v) {
        return series(bed, device, link, signal, from, to, Duration.ofSeconds(1), t -> v);
    }

    /** A lab result observed (drawn) at {@code drawn} and received at {@code received}. */
    Receipts lab(String bed, Signal signal, Duration drawn, Duration received, double value, LabStatus status) {
        add(Scenario.at(received), new Sample(bed, "lab", signal, Scenario.at(drawn), value, Quality.OK,
                !signal.isPlausible(value), status, Specimen.UNKNOWN, value, signal.canonicalUnit().orElse(null)));
        return this;
    }

    /** A sample received at {@code received} (a redelivery, a resent backlog). */
    Receipts received(Duration received, Sample s) {
        add(Scenario.at(received), s);
        return this;
    }

    Receipts context(String bed, Duration at, PatientContext set) {
        add(Scenario.at(at), new ContextUpdate(bed, Scenario.at(at), set, Set.of()));
        return this;
    }

    private void add(long receivedMillis, Object value) {
        items.add(new Item(receivedMillis, items.size(), value));
    }

    /** Plays every item in receipt order (stable), then runs the clock to {@code until}. */
    List<AlertEvent> play(Duration until) {
        try (AlertEngine engine = new AlertEngine(new InMemoryAlertRepository(), Map.of(),
                Scenario.T0.toEpochMilli())) {
            List<AlertEvent> events = new ArrayList<>();
            engine.addListener(events::add);
            List<Item> sorted = new ArrayList<>(items);
            sorted.sort(Comparator.comparingLong(Item::receivedMillis).thenComparingInt(Item::seq));
            for (Item it : sorted) {
                if (it.value() instanceof Sample s) {
                    engine.onSample(s, it.receivedMillis());
                } else {
                    engine.onContext((ContextUpdate) it.value(), it.receivedMillis());
                }
            }
            engine.flush();
            engine.advanceTo(Scenario.at(until));
            return events;
        }
    }

    /** The items as replay lines with receivedAt (contract §2 v2), in receipt order. */
    String toJsonl() {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingLong(Item::receivedMillis).thenComparingInt(Item::seq));
        StringBuilder sb = new StringBuilder();
        for (Item it : sorted) {
            Sample s = (Sample) it.value();
            sb.append("{\"bed\":\"").append(s.bed()).append("\",\"device\":\"").append(s.device())
                    .append("\",\"ts\":").append(s.tsMillis()).append(",\"receivedAt\":").append(it.receivedMillis())
                    .append(",\"signal\":\"").append(s.signal().wireName()).append("\",\"value\":")
                    .append(s.value());
            s.signal().canonicalUnit().ifPresent(u -> sb.append(",\"unit\":\"").append(u).append('"'));
            if (s.status() != LabStatus.FINAL) {
                sb.append(",\"status\":\"").append(s.status().wireName()).append('"');
            }
            sb.append("}\n");
        }
        return sb.toString();
    }
}
