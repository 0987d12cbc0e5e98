package org.ecmomonitor.app.demo;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.ingest.Signal;

/**
 * A documented patient course the simulator plays (and {@code scenario} converts to replay lines): trajectories per
 * signal, context changes, artifacts, and the alerts the rule pack must raise on it, and no others. Times are
 * offsets from the scenario's start, in milliseconds. Read from YAML by {@link ScenarioParser}.
 *
 * @param durationMillis the scripted length; afterwards each signal holds its last value (the demo runs on)
 * @param raises the rules that must be raised (event {@code raised}) when the scenario is replayed
 * @param suppressed the rules that must be recorded as suppressed by a parent, when given
 * @param garbage a device on the same bed that sends malformed input, or empty
 */
public record Scenario(String name, String description, long durationMillis, Set<Rule> raises,
                       Optional<Set<Rule>> suppressed, List<ContextChange> context, Map<Signal, Track> tracks,
                       List<Event> events, Optional<Garbage> garbage) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        raises = Set.copyOf(raises);
        suppressed = suppressed.map(Set::copyOf);
        context = List.copyOf(context);
        tracks = Map.copyOf(tracks);
        events = List.copyOf(events);
    }

    /** Context fields (contract §1 names and values) that take effect at {@code atMillis}. */
    public record ContextChange(long atMillis, Map<String, Object> fields) {
        public ContextChange {
            fields = Map.copyOf(fields);
        }
    }

    /**
     * One signal's course: a piecewise-linear value through the knots (held before the first and after the last),
     * plus Gaussian noise and an optional oscillation (access "chatter"), sampled every {@code everyMillis} from
     * {@code startMillis}, or at the listed times.
     */
    public record Track(Signal signal, TreeMap<Long, Double> knots, double noise, Oscillation oscillation,
                        long everyMillis, long startMillis, List<Long> at) {
        public Track {
            knots = new TreeMap<>(knots);
            at = List.copyOf(at);
        }

        public double valueAt(long t) {
            Map.Entry<Long, Double> before = knots.floorEntry(t);
            Map.Entry<Long, Double> after = knots.ceilingEntry(t);
            double v;
            if (before == null) {
                v = after.getValue();
            } else if (after == null || after.getKey().equals(before.getKey())) {
                v = before.getValue();
            } else {
                double f = (double) (t - before.getKey()) / (after.getKey() - before.getKey());
                v = before.getValue() + f * (after.getValue() - before.getValue());
            }
            return v + oscillation.valueAt(t);
        }
    }

    /**
     * A sine added to a track while {@code fromMillis <= t < untilMillis}: a line shaking only while the cannula
     * sucks, not for the whole course.
     */
    public record Oscillation(double amplitude, long periodMillis, long fromMillis, long untilMillis) {
        public static final Oscillation NONE = new Oscillation(0, 1, Long.MIN_VALUE, Long.MAX_VALUE);

        public Oscillation {
            if (periodMillis <= 0) {
                throw new IllegalArgumentException("an oscillation's period must be longer than 0");
            }
            if (untilMillis <= fromMillis) {
                throw new IllegalArgumentException("an oscillation must end after it starts");
            }
        }

        double valueAt(long t) {
            if (amplitude == 0 || t < fromMillis || t >= untilMillis) {
                return 0;
            }
            return amplitude * Math.sin(2 * Math.PI * t / periodMillis);
        }
    }

    /** An artifact: a line flush (arterial pressures read flush pressure) or a NIRS probe off its leg. */
    public record Event(long atMillis, long lastsMillis, EventType type, Signal signal) {
    }

    public enum EventType { LINE_FLUSH, PROBE_OFF }

    /** A device that sends malformed input every {@code everyMillis}: broken JSON, bad units, unknown signals. */
    public record Garbage(String device, long everyMillis) {
    }
}
