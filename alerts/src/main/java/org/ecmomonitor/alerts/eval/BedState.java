package org.ecmomonitor.alerts.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecmomonitor.alerts.esper.CircuitEval;
import org.ecmomonitor.alerts.esper.DpcEval;
import org.ecmomonitor.alerts.esper.MapEval;
import org.ecmomonitor.alerts.esper.NirsEval;
import org.ecmomonitor.alerts.esper.PerfusionEval;
import org.ecmomonitor.alerts.esper.Transfusion;
import org.ecmomonitor.alerts.esper.FeedStale;
import org.ecmomonitor.alerts.esper.SampleSeen;
import org.ecmomonitor.ingest.CannulaSide;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;

/**
 * One bed as the rules see it: its context, the sliding windows of valid samples behind median10s, mean10s,
 * median30s and median5min (alert-rules.md), valid-sample gaps against the stale limits, NIRS baselines, and lab
 * history. It turns a sample, or a tick of the clock, into the evaluation events the EPL rules judge.
 */
public final class BedState {
    private static final long S10 = 10_000;
    private static final long S30 = 30_000;
    private static final long MIN5 = 300_000;

    private final String bed;
    private PatientContext context = PatientContext.EMPTY;
    private final SampleWindow map = new SampleWindow(S10);
    private final SampleWindow flow = new SampleWindow(MIN5);
    private final SampleWindow speed = new SampleWindow(MIN5);
    private final SampleWindow dpc = new SampleWindow(S10);
    private final SampleWindow nirsLeft = new SampleWindow(S30);
    private final SampleWindow nirsRight = new SampleWindow(S30);
    private final NirsBaseline baselineLeft = new NirsBaseline();
    private final NirsBaseline baselineRight = new NirsBaseline();
    private final LactateHistory lactate = new LactateHistory();
    private final UrineHistory urine = new UrineHistory();
    private final HemoglobinHistory hemoglobin = new HemoglobinHistory();
    private final TimeBelowTarget belowTarget = new TimeBelowTarget();
    private static final long SIX_HOURS = 6 * 3_600_000L;
    private final Map<Signal, Long> lastSample = new EnumMap<>(Signal.class);
    /** When each signal with a stale limit becomes stale (last sample + limit), until reported. */
    private final Map<Signal, Long> staleDeadline = new EnumMap<>(Signal.class);
    private final Map<Signal, Long> lastValid = new EnumMap<>(Signal.class);
    private boolean silencesHeld;
    /** Signals reported silent (FeedStale) and not heard from since. */
    private final Set<Signal> silent = EnumSet.noneOf(Signal.class);
    /**
     * Signals whose every sample a technical rule judges (ARTLINE_ARTIFACT in hemodynamics.epl, NIRS_ARTIFACT in
     * limb.epl). Of the others only the first sample after a silence matters (FEED_STALE_CLEAR in feeds.epl): sending
     * each of them to the rule engine was a third of its events at 5,000 beds and served no rule.
     */
    private static final Set<Signal> JUDGED_PER_SAMPLE = EnumSet.of(Signal.MAP, Signal.NIRS_LEFT, Signal.NIRS_RIGHT);
    private boolean mapBroken;
    private boolean circuitBroken;
    private boolean nirsBroken;
    private boolean dpcBroken;
    private long watermark = Long.MIN_VALUE;
    /** Whether samples arrived at {@link #pendingT} that {@link #flush} has not evaluated yet. */
    private boolean pending;
    private long pendingT;

    public BedState(String bed) {
        this.bed = bed;
    }

    public PatientContext context() {
        return context;
    }

    /** Applies a context change and returns what it makes the rules judge again (the urine rules: CRRT, weight). */
    public List<Object> apply(ContextUpdate u) {
        context = context.apply(u.set(), u.cleared());
        if (urine.isEmpty()) {
            return List.of();
        }
        return List.of(urine.eval(bed, Math.max(watermark, u.tsMillis()), context));
    }

    /** The bed's clock: the newest sample time, never going back. */
    public long watermark() {
        return watermark;
    }

    /**
     * Takes a sample and returns what is judged at once: the sample itself for the technical rules, and for a lab
     * result the bed's latest result by observation time. The sample's family is evaluated by {@link #flush}, once
     * per instant, after every sample of that instant (flow and speed of one console message) is in.
     */
    public List<Object> onSample(Sample s, double lactateIndexThreshold) {
        List<Object> out = new ArrayList<>(2);
        long t = Math.max(watermark, s.tsMillis());
        watermark = t;
        Long previous = lastSample.put(s.signal(), s.tsMillis());
        int stale = (int) s.signal().staleAfter().map(d -> d.toSeconds()).orElse(0L).longValue();
        boolean resumed = silent.remove(s.signal());
        if (resumed || JUDGED_PER_SAMPLE.contains(s.signal())) {
            out.add(new SampleSeen(bed, s.signal().wireName(), t, s.artifact(), stale,
                    previous == null ? 0 : Math.max(0, s.tsMillis() - previous), resumed));
        }
        if (stale > 0) {
            staleDeadline.put(s.signal(), s.tsMillis() + stale * 1000L);
        }
        addSilences(out, t);
        if (!s.valid()) {
            return out;
        }
        boolean gap = gapBefore(s);
        switch (s.signal()) {
            case MAP -> {
                map.add(s.tsMillis(), s.value());
                mapBroken |= gap;
                markPending(t);
            }
            case ECMO_FLOW, ECMO_SPEED -> {
                (s.signal() == Signal.ECMO_FLOW ? flow : speed).add(s.tsMillis(), s.value());
                circuitBroken |= gap;
                markPending(t);
            }
            case DPC_FLOW -> {
                dpc.add(s.tsMillis(), s.value());
                dpcBroken |= gap;
                markPending(t);
            }
            case NIRS_LEFT, NIRS_RIGHT -> {
                boolean left = s.signal() == Signal.NIRS_LEFT;
                (left ? nirsLeft : nirsRight).add(s.tsMillis(), s.value());
                (left ? baselineLeft : baselineRight).add(s.tsMillis(), s.value());
                nirsBroken |= gap;
                markPending(t);
            }
            case LACTATE -> {
                out.add(lactate.add(bed, s, lactateIndexThreshold));
                out.add(perfusionEval(t));
            }
            case URINE_OUTPUT -> {
                urine.add(s.tsMillis(), s.value());
                out.add(urine.eval(bed, s.tsMillis(), context));
            }
            case HEMOGLOBIN -> out.add(hemoglobin.add(bed, s.tsMillis(), s.value()));
            case RBC_UNITS -> out.add(new Transfusion(bed, t, s.value()));
            default -> {
                // sbp, dbp, venous pressure: stored and trended; no rule judges them
            }
        }
        return out;
    }

    private void markPending(long t) {
        pendingT = t;
        pending = true;
    }

    public boolean hasPending() {
        return pending;
    }

    public long pendingT() {
        return pendingT;
    }

    /**
     * The evaluations of the pending instant: every family whose window holds samples (alert-rules.md: a bed's
     * evaluation instants are its sample times, whatever the signal, and the clock's ticks).
     */
    public List<Object> flush() {
        pending = false;
        return evaluateAll(pendingT);
    }

    /** The evaluations of an engine tick at {@code t}: every family whose window still holds samples. */
    public List<Object> onTick(long t) {
        if (t < watermark) {
            return List.of();
        }
        watermark = t;
        List<Object> out = evaluateAll(t);
        addSilences(out, t);
        return out;
    }

    /**
     * Holds back silences from now (ingest refuses every device's messages, so every bed falls silent for a reason
     * of the monitor's own, which the health endpoint and the board's banner tell), or, when ingest takes messages
     * again at {@code t}, lets each signal start its stale limit afresh from {@code t}: a feed is judged silent only
     * for time the monitor could hear it.
     */
    public void holdSilences(boolean hold, long t) {
        silencesHeld = hold;
        if (!hold) {
            staleDeadline.replaceAll((s, deadline) -> Math.max(deadline, t + s.staleAfter().orElseThrow().toMillis()));
        }
    }

    /** Reports, once, each signal silent for longer than its stale limit at {@code t} (FEED_STALE's fact). */
    private void addSilences(List<Object> out, long t) {
        if (staleDeadline.isEmpty() || silencesHeld) {
            return;
        }
        var it = staleDeadline.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Signal, Long> e = it.next();
            if (t > e.getValue()) {
                Signal s = e.getKey();
                out.add(new FeedStale(bed, s.wireName(), t, (int) s.staleAfter().orElseThrow().toSeconds()));
                silent.add(s);
                it.remove();
            }
        }
    }

    private List<Object> evaluateAll(long t) {
        List<Object> out = new ArrayList<>(5);
        MapEval m = mapEval(t);
        if (m != null) {
            out.add(m);
            belowTarget.evaluated(t, m.median10s() < m.target());
            out.add(perfusionEval(t));
        }
        addIfPresent(out, circuitEval(t));
        addIfPresent(out, dpcEval(t));
        addIfPresent(out, nirsEval(t));
        return out;
    }

    /** Whether a tick could still produce something (a window holds samples, or a signal may yet go stale). */
    public boolean hasPendingWindows(long t) {
        return map.evictBefore(t - S10) | flow.evictBefore(t - MIN5) | speed.evictBefore(t - MIN5)
                | dpc.evictBefore(t - S10) | nirsLeft.evictBefore(t - S30) | nirsRight.evictBefore(t - S30)
                | !staleDeadline.isEmpty();
    }

    private boolean gapBefore(Sample s) {
        Long before = lastValid.put(s.signal(), s.tsMillis());
        long limit = s.signal().staleAfter().map(d -> d.toMillis()).orElse(Long.MAX_VALUE);
        return before != null && s.tsMillis() - before > limit;
    }

    private MapEval mapEval(long t) {
        Double m = map.median(t, S10);
        if (m == null) {
            return null;
        }
        boolean broken = mapBroken;
        mapBroken = false;
        return new MapEval(bed, t, m, context.mapTargetOrDefault(), broken);
    }

    private PerfusionEval perfusionEval(long t) {
        return new PerfusionEval(bed, t, belowTarget.minutes(t), lactate.max(t - SIX_HOURS, t));
    }

    private CircuitEval circuitEval(long t) {
        Double flow10 = flow.median(t, S10);
        Double speed10 = speed.median(t, S10);
        if (flow10 == null && speed10 == null) {
            return null;
        }
        boolean broken = circuitBroken;
        circuitBroken = false;
        return new CircuitEval(bed, t, context.ecmoMode() == null ? null : context.ecmoMode().wireName(), flow10,
                flow.mean(t, S10), flow.median(t, MIN5), speed10, speed.median(t, MIN5),
                context.ecmoFlowMinOrDefault(), broken);
    }

    private DpcEval dpcEval(long t) {
        if (context.arterialCannulaSide() == null) {
            return null;
        }
        Double m = dpc.median(t, S10);
        if (m == null) {
            return null;
        }
        boolean broken = dpcBroken;
        dpcBroken = false;
        return new DpcEval(bed, t, m, broken);
    }

    private NirsEval nirsEval(long t) {
        CannulaSide side = context.arterialCannulaSide();
        if (side == null) {
            return null;
        }
        boolean leftCannulated = side == CannulaSide.LEFT;
        Double cannulated = (leftCannulated ? nirsLeft : nirsRight).median(t, S30);
        if (cannulated == null) {
            return null;
        }
        Double contralateral = (leftCannulated ? nirsRight : nirsLeft).median(t, S30);
        Double baseLeft = context.nirsBaselineLeft() != null ? context.nirsBaselineLeft() : baselineLeft.value(t);
        Double baseRight = context.nirsBaselineRight() != null ? context.nirsBaselineRight()
                : baselineRight.value(t);
        boolean broken = nirsBroken;
        nirsBroken = false;
        return new NirsEval(bed, t, side.wireName(), cannulated, contralateral,
                leftCannulated ? baseLeft : baseRight, leftCannulated ? baseRight : baseLeft, broken);
    }

    private static void addIfPresent(List<Object> out, Object event) {
        if (event != null) {
            out.add(event);
        }
    }
}
