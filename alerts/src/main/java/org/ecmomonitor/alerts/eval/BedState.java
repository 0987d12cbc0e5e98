package org.ecmomonitor.alerts.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecmomonitor.alerts.esper.CircuitEval;
import org.ecmomonitor.alerts.esper.DeviceClockEval;
import org.ecmomonitor.alerts.esper.DpcEval;
import org.ecmomonitor.alerts.esper.FeedReleased;
import org.ecmomonitor.alerts.esper.OxygenationEval;
import org.ecmomonitor.alerts.esper.SignalArtifactEval;
import org.ecmomonitor.alerts.esper.MapEval;
import org.ecmomonitor.alerts.esper.NirsEval;
import org.ecmomonitor.alerts.esper.PerfusionEval;
import org.ecmomonitor.alerts.esper.SampleSeen;
import org.ecmomonitor.alerts.esper.TransfusionEval;
import org.ecmomonitor.ingest.CannulaSide;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.EcmoMode;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;

/**
 * One bed as the rules see it: its context, the sliding windows of valid samples behind median10s, mean10s,
 * median30s and median5min (alert-rules.md), valid-sample gaps, NIRS baselines, lab and charted history, and its
 * devices' clocks. It turns a sample, or a tick of the clock, into the evaluation events the EPL rules judge.
 *
 * <p>Two kinds of time (alert-rules.md "Time (v2)"). Continuous samples are placed at their <em>aligned</em> time,
 * the device's {@code ts} plus its estimated clock offset ({@link DeviceClock}), so that a monitor 8 s fast and a
 * console 8 s slow share one timeline. Each rule family (MAP, circuit, DPC, NIRS) has its own evaluation timeline:
 * its aligned sample times, and the engine's whole seconds while its short window holds samples and none arrives.
 * A family's timeline is its own so that a backlog one device resends after a reconnect is judged at its own times,
 * in order, while the bed's other devices went on live. Lab and charted results are kept by observation time.
 */
public final class BedState {
    private static final long S10 = 10_000;
    private static final long S30 = 30_000;
    private static final long MIN5 = 300_000;
    private static final long SIX_HOURS = 6 * 3_600_000L;
    private static final long TICK_MILLIS = 1000;
    private static final long NONE = Long.MIN_VALUE;
    /** How long after an artifact run ends SIGNAL_ARTIFACT still judges the signal: past its 30 s clear. */
    private static final long ARTIFACT_TAIL_MILLIS = 35_000;
    /**
     * The circuit's signals: while a bed is decannulated (ecmo_mode off) their silence and artifacts are not
     * announced (alert-rules.md "Context that gates rules (v2)").
     */
    public static final Set<Signal> CIRCUIT_FEEDS = EnumSet.of(Signal.ECMO_FLOW, Signal.ECMO_SPEED,
            Signal.ECMO_P_VENOUS, Signal.ECMO_P_PRE, Signal.ECMO_P_POST, Signal.DPC_FLOW);
    /**
     * In-step judgments of a device's clock after it was last off (or first heard) before DEVICE_CLOCK stops judging
     * it: more than the 2 min clear hold, at one a second.
     */
    private static final int CLOCK_WATCH_TAIL = 150;

    /** One rule family's evaluation timeline. */
    private static final class Family {
        /** The last instant evaluated. */
        long watermark = Long.MIN_VALUE;
        /** Samples arrived at {@link #pendingT} that are not evaluated yet. */
        boolean pending;
        long pendingT;
        /** The newest aligned sample time, valid or not: a tick is for when none arrives. */
        long lastAligned = Long.MIN_VALUE;
    }

    private final String bed;
    private final SilenceWatch silences;
    private PatientContext context = PatientContext.EMPTY;
    private final SampleWindow map = new SampleWindow(S10);
    private final SampleWindow sbp = new SampleWindow(S30);
    private final SampleWindow dbp = new SampleWindow(S30);
    private final SampleWindow pVenous = new SampleWindow(S10);
    private final SampleWindow spo2 = new SampleWindow(S30);
    private final SampleWindow pPre = new SampleWindow(MIN5);
    private final SampleWindow pPost = new SampleWindow(MIN5);
    /** The oxygenator's ΔP baseline: the median over the first 6 h, one ΔP every 10 s (alert-rules.md v2). */
    private final PeriodMedian dpBaseline = new PeriodMedian(6 * 3_600_000L, 10_000);
    private final FlowTrend flowTrend = new FlowTrend();
    private final SampleWindow flow = new SampleWindow(MIN5);
    private final SampleWindow speed = new SampleWindow(MIN5);
    private final SampleWindow dpc = new SampleWindow(S10);
    private final SampleWindow nirsLeft = new SampleWindow(S30);
    private final SampleWindow nirsRight = new SampleWindow(S30);
    private final Family mapFamily = new Family();
    private final Family circuitFamily = new Family();
    private final Family dpcFamily = new Family();
    private final Family nirsFamily = new Family();
    private final Family oxygenationFamily = new Family();
    /** SIGNAL_ARTIFACT's runs per signal (by ordinal): see {@link #judgeArtifacts}. */
    private final long[] artifactSince = filled(Signal.values().length, NONE);
    private final long[] validSince = filled(Signal.values().length, NONE);
    private final long[] artifactJudgedSecond = filled(Signal.values().length, NONE);
    private final boolean[] artifactWatched = new boolean[Signal.values().length];
    /** Each leg's NIRS baseline when the context gives none: the median of its first 30 min (signals.md). */
    private final PeriodMedian baselineLeft = new PeriodMedian(30 * 60_000L, 0);
    private final PeriodMedian baselineRight = new PeriodMedian(30 * 60_000L, 0);
    private final LactateHistory lactate = new LactateHistory();
    private final UrineHistory urine = new UrineHistory();
    private final HemoglobinHistory hemoglobin = new HemoglobinHistory();
    private final TransfusionHistory transfusions = new TransfusionHistory();
    private final LabPlausibility plausibility = new LabPlausibility();
    private final CoagulationLabs coagulation = new CoagulationLabs();
    private final TimeBelowTarget belowTarget = new TimeBelowTarget();
    private final Map<Signal, SilenceWatch.Feed> feeds = new EnumMap<>(Signal.class);
    /** Aligned time of each continuous signal's last sample, valid or not (ARTLINE/NIRS_ARTIFACT gaps). */
    private final Map<Signal, Long> lastSeen = new EnumMap<>(Signal.class);
    /** Aligned time of each continuous signal's last valid sample (valid-sample gaps). */
    private final Map<Signal, Long> lastValid = new EnumMap<>(Signal.class);
    /**
     * Signals whose valid samples resumed after a gap longer than twice their stale limit, not yet told to their
     * family's rules: their holds restart (alert-rules.md v2: a disconnected line, not an artifact run; a gap in one
     * signal never restarts a hold on another).
     */
    private final Set<Signal> broken = EnumSet.noneOf(Signal.class);
    private final Map<String, DeviceClock> clocks = new HashMap<>(4);
    /**
     * Signals whose every sample a technical rule judges (ARTLINE_ARTIFACT in hemodynamics.epl, NIRS_ARTIFACT in
     * limb.epl). Of the others only the first sample after a silence matters (FEED_STALE_CLEAR in feeds.epl): sending
     * each of them to the rule engine was a third of its events at 5,000 beds and served no rule.
     */
    private static final Set<Signal> JUDGED_PER_SAMPLE = EnumSet.of(Signal.MAP, Signal.NIRS_LEFT, Signal.NIRS_RIGHT);

    public BedState(String bed, SilenceWatch silences) {
        this.bed = bed;
        this.silences = silences;
    }

    public String bed() {
        return bed;
    }

    public PatientContext context() {
        return context;
    }

    /**
     * Applies a context change received at {@code now} and returns what it makes the rules judge again (the urine
     * rules: CRRT, weight; the latest anti-Xa: its target range).
     */
    public List<Object> apply(ContextUpdate u, long now) {
        boolean wasOff = decannulated();
        PatientContext before = context;
        context = context.apply(u.set(), u.cleared());
        if (context.oxygenatorChangedAtMillis() != null) {
            dpBaseline.restartAt(context.oxygenatorChangedAtMillis());
        }
        List<Object> out = new ArrayList<>(2);
        if (!urine.isEmpty()) {
            out.add(urine.eval(bed, now, context));
        }
        addIfPresent(out, coagulation.antiXaRangeChanged(bed, before, context));
        if (decannulated() && !wasOff) {
            for (Signal s : CIRCUIT_FEEDS) {
                if (feeds.containsKey(s)) {
                    out.add(new FeedReleased(bed, s.wireName(), now));
                }
            }
        }
        return out;
    }

    /** Decannulated: ecmo_mode off. */
    public boolean decannulated() {
        return context.ecmoMode() == EcmoMode.OFF;
    }

    /**
     * Takes a sample received at {@code receivedMillis} (the engine clock is there) and returns what is judged at
     * once: a pending family instant it closes, the sample itself for the technical rules, a device clock worth
     * judging, and for a lab or charted result the bed's latest result by observation time. A continuous sample's
     * family is evaluated by {@link #flush}, once per instant, after every sample of that instant is in.
     *
     * @param clockWatchMillis offsets beyond this are judged by DEVICE_CLOCK (the smaller of its two limits)
     */
    public List<Object> onSample(Sample s, long receivedMillis, double lactateIndexThreshold, long clockWatchMillis) {
        List<Object> out = new ArrayList<>(2);
        Signal signal = s.signal();
        if (signal.staleAfter().isEmpty()) {
            onResult(s, receivedMillis, lactateIndexThreshold, out);
            return out;
        }
        long aligned = s.tsMillis() + deviceOffset(s, receivedMillis, clockWatchMillis, out);
        SilenceWatch.Feed feed = feeds.computeIfAbsent(signal, k -> new SilenceWatch.Feed(bed, k));
        boolean resumed = silences.heard(feed, receivedMillis);
        Long previous = lastSeen.put(signal, aligned);
        if (resumed || JUDGED_PER_SAMPLE.contains(signal)) {
            out.add(new SampleSeen(bed, signal.wireName(), aligned, s.artifact(), (int) (feed.limitMillis / 1000),
                    previous == null ? 0 : Math.max(0, aligned - previous), resumed));
        }
        if (!JUDGED_PER_SAMPLE.contains(signal) && !(decannulated() && CIRCUIT_FEEDS.contains(signal))) {
            judgeArtifacts(signal, aligned, s.artifact(), out);
        }
        Family family = familyOf(signal);
        if (family == null) {
            return out;
        }
        family.lastAligned = Math.max(family.lastAligned, aligned);
        if (!s.valid()) {
            return out;
        }
        long t = Math.max(family.watermark, aligned);
        if (family.pending && family.pendingT < t) {
            evaluate(family, family.pendingT, out);
        }
        Long before = lastValid.put(signal, aligned);
        if (before != null && aligned - before > 2 * feed.limitMillis) {
            broken.add(signal);
        }
        switch (signal) {
            case MAP -> map.add(aligned, s.value());
            case SBP -> sbp.add(aligned, s.value());
            case DBP -> dbp.add(aligned, s.value());
            case ECMO_P_VENOUS -> pVenous.add(aligned, s.value());
            case SPO2_RIGHT_HAND -> spo2.add(aligned, s.value());
            case ECMO_P_PRE -> pPre.add(aligned, s.value());
            case ECMO_P_POST -> pPost.add(aligned, s.value());
            case ECMO_FLOW -> flow.add(aligned, s.value());
            case ECMO_SPEED -> speed.add(aligned, s.value());
            case DPC_FLOW -> dpc.add(aligned, s.value());
            case NIRS_LEFT -> {
                nirsLeft.add(aligned, s.value());
                baselineLeft.add(aligned, s.value());
            }
            case NIRS_RIGHT -> {
                nirsRight.add(aligned, s.value());
                baselineRight.add(aligned, s.value());
            }
            default -> throw new IllegalStateException("no window for " + signal);
        }
        family.pending = true;
        family.pendingT = t;
        return out;
    }

    /**
     * Lab and charted results (alert-rules.md Time 5): judged in observation order within the bed's history, the
     * latest result by observation time, whatever the arrival order. Their events carry the result's time. A lab
     * result outside its plausible range is judged by LAB_IMPLAUSIBLE alone.
     */
    private void onResult(Sample s, long now, double lactateIndexThreshold, List<Object> out) {
        if (s.signal().isLab()) {
            addIfPresent(out, plausibility.judge(bed, s));
        }
        if (!s.valid()) {
            return;
        }
        switch (s.signal()) {
            case LACTATE -> {
                out.add(lactate.add(bed, s, lactateIndexThreshold));
                out.add(perfusionEval(Math.max(mapFamily.watermark, s.tsMillis())));
            }
            case URINE_OUTPUT -> {
                urine.add(s.tsMillis(), s.value());
                out.add(urine.eval(bed, s.tsMillis(), context));
            }
            case HEMOGLOBIN -> {
                hemoglobin.add(s.tsMillis(), s.value(), s.status());
                out.add(hemoglobin.eval(bed, transfusions));
            }
            case RBC_UNITS -> {
                transfusions.add(s.tsMillis(), s.device(), s.value());
                out.add(new TransfusionEval(bed, s.tsMillis(), transfusions.sum24h(now)));
                // a transfusion charted after the hemoglobin it preceded changes that result's adjusted drop
                if (!hemoglobin.isEmpty() && s.tsMillis() <= hemoglobin.latestT()) {
                    out.add(hemoglobin.eval(bed, transfusions));
                }
            }
            case PFHB, PLATELETS, ANTI_XA -> addIfPresent(out, coagulation.add(bed, s, context));
            default -> {
                // results no rule judges yet: stored and trended
            }
        }
    }

    /** The transfusions of the 24 h before {@code now}, judged again when one leaves that window. */
    public TransfusionEval transfusionsAt(long now) {
        return new TransfusionEval(bed, now, transfusions.sum24h(now));
    }

    private long deviceOffset(Sample s, long receivedMillis, long clockWatchMillis, List<Object> out) {
        DeviceClock clock = clocks.computeIfAbsent(s.device(), d -> new DeviceClock());
        long offset = clock.offset(s.tsMillis(), receivedMillis);
        long second = Math.floorDiv(receivedMillis, TICK_MILLIS);
        if (second != clock.judgedSecond) {
            boolean off = Math.abs(offset) > clockWatchMillis;
            clock.inStepJudged = off ? 0 : clock.inStepJudged + 1;
            if (clock.inStepJudged <= CLOCK_WATCH_TAIL) {
                clock.judgedSecond = second;
                out.add(new DeviceClockEval(bed, s.device(), receivedMillis, offset));
            }
        }
        return offset;
    }

    /** Each device's estimated clock offset (receipt minus ts, ms), for the feed console. */
    public Map<String, Long> deviceOffsets() {
        Map<String, Long> out = new HashMap<>();
        clocks.forEach((device, c) -> out.put(device, c.estimate()));
        return out;
    }

    private Family familyOf(Signal signal) {
        return switch (signal) {
            case MAP, SBP, DBP -> mapFamily;
            case ECMO_FLOW, ECMO_SPEED, ECMO_P_VENOUS -> circuitFamily;
            case DPC_FLOW -> dpcFamily;
            case NIRS_LEFT, NIRS_RIGHT -> nirsFamily;
            case SPO2_RIGHT_HAND, ECMO_P_PRE, ECMO_P_POST -> oxygenationFamily;
            default -> null;
        };
    }

    public boolean hasPending() {
        return mapFamily.pending || circuitFamily.pending || dpcFamily.pending || nirsFamily.pending
                || oxygenationFamily.pending;
    }

    /** The evaluations of every family's pending instant. */
    public List<Object> flush() {
        List<Object> out = new ArrayList<>(5);
        for (Family f : List.of(mapFamily, circuitFamily, dpcFamily, nirsFamily, oxygenationFamily)) {
            if (f.pending) {
                evaluate(f, f.pendingT, out);
            }
        }
        return out;
    }

    /**
     * The evaluations of an engine tick at {@code t}: every family whose short window still holds samples and to
     * which no sample arrived in the last second (while data arrives, its times are the instants), so that a hold
     * completes on time when samples stop.
     */
    public List<Object> onTick(long t) {
        List<Object> out = new ArrayList<>(4);
        tick(mapFamily, t, map.hasAfter(t - S10) || sbp.hasAfter(t - S30) || dbp.hasAfter(t - S30), out);
        tick(circuitFamily, t, flow.hasAfter(t - S10) || speed.hasAfter(t - S10) || pVenous.hasAfter(t - S10), out);
        tick(dpcFamily, t, dpc.hasAfter(t - S10), out);
        tick(nirsFamily, t, nirsLeft.hasAfter(t - S30) || nirsRight.hasAfter(t - S30), out);
        tick(oxygenationFamily, t, spo2.hasAfter(t - S30) || pPre.hasAfter(t - S30) || pPost.hasAfter(t - S30), out);
        return out;
    }

    private void tick(Family f, long t, boolean windowHolds, List<Object> out) {
        if (windowHolds && !f.pending && t > f.watermark && f.lastAligned <= t - TICK_MILLIS) {
            evaluate(f, t, out);
        }
    }

    /**
     * Whether a tick could still evaluate something: a family's short window holds samples at {@code t}. The
     * windows keep their span behind their newest sample, so a bed that fell silent keeps at most a span's samples.
     */
    public boolean ticking(long t) {
        return map.hasAfter(t - S10) || sbp.hasAfter(t - S30) || dbp.hasAfter(t - S30) || flow.hasAfter(t - S10)
                || speed.hasAfter(t - S10) || pVenous.hasAfter(t - S10) || dpc.hasAfter(t - S10)
                || nirsLeft.hasAfter(t - S30) || nirsRight.hasAfter(t - S30) || spo2.hasAfter(t - S30)
                || pPre.hasAfter(t - S30) || pPost.hasAfter(t - S30);
    }

    private void evaluate(Family f, long t, List<Object> out) {
        f.pending = false;
        f.watermark = Math.max(f.watermark, t);
        if (f == mapFamily) {
            MapEval m = mapEval(t);
            if (m != null) {
                out.add(m);
                if (m.median10s() != null) {
                    belowTarget.evaluated(t, m.median10s() < m.target());
                    out.add(perfusionEval(t));
                }
            }
        } else if (f == circuitFamily) {
            addIfPresent(out, circuitEval(t));
        } else if (f == dpcFamily) {
            addIfPresent(out, dpcEval(t));
        } else if (f == nirsFamily) {
            addIfPresent(out, nirsEval(t));
        } else {
            addIfPresent(out, oxygenationEval(t));
        }
    }

    /** Whether any of these signals resumed after a long gap since its family was last evaluated; forgets it. */
    private boolean takeBroken(Signal a, Signal b) {
        boolean was = broken.remove(a) | (b != null && broken.remove(b));
        return was;
    }

    private String config() {
        return context.ecmoConfigOrDefault().wireName();
    }

    private OxygenationEval oxygenationEval(long t) {
        Double sat = spo2.median(t, S30);
        Double pre = pPre.median(t, MIN5);
        Double post = pPost.median(t, MIN5);
        Double dp = pre == null || post == null ? null : pre - post;
        if (sat == null && dp == null) {
            return null;
        }
        if (dp != null) {
            dpBaseline.add(t, dp);
        }
        return new OxygenationEval(bed, t, config(), context.ecmoMode() == null ? null : context.ecmoMode().wireName(),
                sat, takeBroken(Signal.SPO2_RIGHT_HAND, null), dp, dpBaseline.value(t),
                takeBroken(Signal.ECMO_P_PRE, Signal.ECMO_P_POST));
    }

    /**
     * SIGNAL_ARTIFACT's facts (alert-rules.md v2): a continuous signal without a dedicated artifact rule whose
     * samples are only artifacts for 30 s blinds the rules that read it. Judged at most once a second while an
     * artifact run is under way and until its signal has been valid for longer than the clear hold.
     */
    private void judgeArtifacts(Signal signal, long aligned, boolean artifact, List<Object> out) {
        int i = signal.ordinal();
        if (artifact) {
            if (artifactSince[i] == NONE) {
                artifactSince[i] = aligned;
                validSince[i] = NONE;
                artifactWatched[i] = true;
            }
        } else if (artifactSince[i] != NONE) {
            artifactSince[i] = NONE;
            validSince[i] = aligned;
        }
        if (!artifactWatched[i] || Math.floorDiv(aligned, TICK_MILLIS) == artifactJudgedSecond[i]) {
            return;
        }
        artifactJudgedSecond[i] = Math.floorDiv(aligned, TICK_MILLIS);
        out.add(new SignalArtifactEval(bed, signal.wireName(), aligned,
                artifactSince[i] == NONE ? 0 : aligned - artifactSince[i],
                validSince[i] == NONE ? 0 : aligned - validSince[i]));
        if (validSince[i] != NONE && aligned - validSince[i] > ARTIFACT_TAIL_MILLIS) {
            artifactWatched[i] = false;
        }
    }

    private static long[] filled(int n, long value) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private MapEval mapEval(long t) {
        Double m = map.median(t, S10);
        Double systolic = sbp.median(t, S30);
        Double diastolic = dbp.median(t, S30);
        if (m == null && (systolic == null || diastolic == null)) {
            return null;
        }
        return new MapEval(bed, t, m, context.mapTargetOrDefault(), takeBroken(Signal.MAP, null), systolic,
                diastolic, takeBroken(Signal.SBP, Signal.DBP), config());
    }

    private PerfusionEval perfusionEval(long t) {
        return new PerfusionEval(bed, t, belowTarget.minutes(t), lactate.max(t - SIX_HOURS, t));
    }

    private CircuitEval circuitEval(long t) {
        Double flow10 = flow.median(t, S10);
        Double speed10 = speed.median(t, S10);
        Double venous10 = pVenous.median(t, S10);
        if (flow10 == null && speed10 == null && venous10 == null) {
            return null;
        }
        Double flow5 = flow.median(t, MIN5);
        Double speed5 = speed.median(t, MIN5);
        flowTrend.record(t, flow5, speed5);
        return new CircuitEval(bed, t, context.ecmoMode() == null ? null : context.ecmoMode().wireName(), flow10,
                flow.mean(t, S10), flow5, speed10, speed5, context.ecmoFlowMinOrDefault(),
                takeBroken(Signal.ECMO_FLOW, null), takeBroken(Signal.ECMO_SPEED, null), venous10,
                takeBroken(Signal.ECMO_P_VENOUS, null), flowTrend.flowAgo(), flowTrend.speedAgo());
    }

    /** DPC rules need no cannula side (v2): a distal perfusion line is on the cannulated leg by definition. */
    private DpcEval dpcEval(long t) {
        Double m = dpc.median(t, S10);
        if (m == null) {
            return null;
        }
        return new DpcEval(bed, t, m, takeBroken(Signal.DPC_FLOW, null));
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
        Signal cannulatedLeg = leftCannulated ? Signal.NIRS_LEFT : Signal.NIRS_RIGHT;
        Signal otherLeg = leftCannulated ? Signal.NIRS_RIGHT : Signal.NIRS_LEFT;
        return new NirsEval(bed, t, side.wireName(), config(), cannulated, contralateral,
                leftCannulated ? baseLeft : baseRight, leftCannulated ? baseRight : baseLeft,
                takeBroken(cannulatedLeg, null), takeBroken(otherLeg, null));
    }

    private static void addIfPresent(List<Object> out, Object event) {
        if (event != null) {
            out.add(event);
        }
    }
}
