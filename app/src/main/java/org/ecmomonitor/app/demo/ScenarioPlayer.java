package org.ecmomonitor.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.ecmomonitor.ingest.Signal;

/**
 * Turns a scenario into what a bed's devices send, for any window of scenario time. Noise is a function of the
 * seed, the signal and the instant only, so the live simulator and the replay conversion send the same values
 * however time is cut into windows.
 */
public final class ScenarioPlayer {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What an arterial line reads while it is flushed (pressure bag): implausible, so flagged as artifact. */
    private static final double FLUSH_MAP = 300;
    private static final double FLUSH_SBP = 310;
    private static final double FLUSH_DBP = 290;

    private final Scenario scenario;
    private final long seed;

    public ScenarioPlayer(Scenario scenario, long seed) {
        this.scenario = scenario;
        this.seed = seed;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Everything sent with a scenario offset in [fromOffset, toOffset), in time order, timed from {@code start}. */
    public List<Emission> between(long fromOffset, long toOffset, long startMillis) {
        TreeMap<Long, Map<String, List<ObjectNode>>> byTime = new TreeMap<>();
        for (Scenario.Track t : scenario.tracks().values()) {
            for (long offset : instants(t, fromOffset, toOffset)) {
                Map<String, List<ObjectNode>> devices = byTime.computeIfAbsent(offset, k -> new TreeMap<>());
                for (ObjectNode s : samples(t, offset, startMillis)) {
                    devices.computeIfAbsent(SignalDefaults.device(t.signal()), k -> new ArrayList<>()).add(s);
                }
            }
        }
        List<Emission> out = new ArrayList<>();
        for (Scenario.ContextChange c : scenario.context()) {
            if (c.atMillis() >= fromOffset && c.atMillis() < toOffset) {
                ObjectNode o = JSON.createObjectNode().put("ts", startMillis + c.atMillis());
                c.fields().forEach((k, v) -> o.set(k, JSON.valueToTree(v)));
                out.add(new Emission(startMillis + c.atMillis(), "context", List.of(o), null));
            }
        }
        byTime.forEach((offset, devices) -> devices.forEach((device, items) ->
                out.add(new Emission(startMillis + offset, device, items, null))));
        scenario.garbage().ifPresent(g -> {
            for (long k = Math.max(1, ceilDiv(fromOffset, g.everyMillis())); k * g.everyMillis() < toOffset; k++) {
                long ts = startMillis + k * g.everyMillis();
                out.add(new Emission(ts, g.device(), List.of(), Garbage.payload((int) (k % Garbage.KINDS), ts)));
            }
        });
        out.sort(java.util.Comparator.comparingLong(Emission::tsMillis));
        return out;
    }

    private static List<Long> instants(Scenario.Track t, long from, long to) {
        List<Long> out = new ArrayList<>();
        if (!t.at().isEmpty()) {
            t.at().stream().filter(x -> x >= from && x < to).sorted().forEach(out::add);
            return out;
        }
        long k = Math.max(0, ceilDiv(from - t.startMillis(), t.everyMillis()));
        for (long x = t.startMillis() + k * t.everyMillis(); x < to; x += t.everyMillis()) {
            out.add(x);
        }
        return out;
    }

    private List<ObjectNode> samples(Scenario.Track t, long offset, long start) {
        List<ObjectNode> out = new ArrayList<>(3);
        Signal s = t.signal();
        double v = t.valueAt(offset) + t.noise() * gaussian(s, offset);
        String quality = null;
        boolean flushing = active(Scenario.EventType.LINE_FLUSH, null, offset);
        if (s == Signal.MAP && flushing) {
            v = FLUSH_MAP;
        }
        if ((s == Signal.NIRS_LEFT || s == Signal.NIRS_RIGHT) && active(Scenario.EventType.PROBE_OFF, s, offset)) {
            quality = "probe_off";
            v = 15;
        }
        out.add(sample(s, start + offset, v, quality));
        if (s == Signal.MAP && !scenario.tracks().containsKey(Signal.SBP)) {
            // pulse pressure on VA-ECMO is narrow: derive systolic and diastolic from the mean
            out.add(sample(Signal.SBP, start + offset, flushing ? FLUSH_SBP : v + 24, null));
            out.add(sample(Signal.DBP, start + offset, flushing ? FLUSH_DBP : v - 12, null));
        }
        return out;
    }

    private boolean active(Scenario.EventType type, Signal signal, long offset) {
        return scenario.events().stream().anyMatch(e -> e.type() == type && (signal == null || e.signal() == signal)
                && offset >= e.atMillis() && offset < e.atMillis() + e.lastsMillis());
    }

    private static ObjectNode sample(Signal s, long ts, double value, String quality) {
        double res = SignalDefaults.resolution(s);
        int scale = res >= 1 ? 0 : (int) Math.round(-Math.log10(res));
        // a device reports within its scale: an oximeter reading 98 % with noise shows 100, never 101
        double reportable = Math.min(Math.max(value, s.hardMin()), s.hardMax());
        BigDecimal rounded = BigDecimal.valueOf(Math.round(reportable / res) * res)
                .setScale(scale, RoundingMode.HALF_UP);
        ObjectNode o = JSON.createObjectNode().put("ts", ts).put("signal", s.wireName()).put("value", rounded);
        s.canonicalUnit().ifPresent(u -> o.put("unit", u));
        if (quality != null) {
            o.put("quality", quality);
        }
        return o;
    }

    private double gaussian(Signal s, long offset) {
        long mixed = seed * 0x9E3779B97F4A7C15L ^ (s.ordinal() + 1L) * 0xC2B2AE3D27D4EB4FL ^ offset;
        return new SplittableRandom(mixed).nextGaussian();
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** What the broken device of the garbage scenario sends, in turn. */
    static final class Garbage {
        static final int KINDS = 5;

        private Garbage() {
        }

        static String payload(int kind, long ts) {
            return switch (kind) {
                case 0 -> "{\"ts\": " + ts + ", \"signal\": \"ecmo_flow\", \"value\": ";
                case 1 -> "{\"ts\": " + ts + ", \"signal\": \"ecmo_flow\", \"value\": 3.9, \"unit\": \"gallons/min\"}";
                case 2 -> "{\"ts\": " + ts + ", \"signal\": \"FLOW_X\", \"value\": 3.9, \"unit\": \"L/min\"}";
                case 3 -> "{\"ts\": " + ts + ", \"signal\": \"ecmo_flow\", \"value\": \"lots\", \"unit\": \"L/min\"}";
                default -> "{\"ts\": " + ts + ", \"signal\": \"map\", \"value\": -999, \"unit\": \"mmHg\"}";
            };
        }
    }

    /** A scenario's lines for replay, for {@code durationMillis} from {@code start} (contract §2). */
    public List<String> replayLines(String bed, long startMillis, long durationMillis) {
        List<String> out = new ArrayList<>();
        for (Emission e : between(0, durationMillis, startMillis)) {
            out.addAll(e.replayLines(bed));
        }
        return out;
    }
}
