package org.ecmomonitor.alerts;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ecmomonitor.alerts.esper.EsperRulePack;
import org.ecmomonitor.alerts.esper.FeedReleased;
import org.ecmomonitor.alerts.esper.FeedStale;
import org.ecmomonitor.alerts.esper.RuleSignal;
import org.ecmomonitor.alerts.esper.TransfusionEval;
import org.ecmomonitor.alerts.eval.BedState;
import org.ecmomonitor.alerts.eval.SilenceWatch;
import org.ecmomonitor.alerts.eval.SourceConflicts;
import org.ecmomonitor.alerts.lifecycle.AlertLifecycle;
import org.ecmomonitor.alerts.lifecycle.HoldTracker;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.SourceNotice;

/**
 * The rule engine, live and in replay alike: samples and context in, alert events out.
 *
 * <p>Time (alert-rules.md "Time (v2)"). The engine clock is the server's clock live and the lines' receipt times
 * in replay, never going back; no device's timestamp moves it. Every alert event's {@code at}, escalation,
 * re-activation, suppression expiry and silence run on it. Continuous samples are judged at their aligned times
 * (each device's clock offset estimated from its messages, {@code eval.DeviceClock}); lab and charted results by
 * observation time, their alerts raised on the engine clock with {@code observedAt}. A signal is silent when the
 * engine clock has passed its last receipt by more than its stale limit ({@link SilenceWatch}). Evaluation
 * instants are each family's aligned sample times (evaluated once all samples of that time are in) and each whole
 * second of the engine clock while the family's short window holds samples and none arrives.
 *
 * <p>Single-threaded and not thread-safe: live, {@link LiveAlerts} owns the one thread that calls it.
 */
public final class AlertEngine implements AutoCloseable {
    private static final long TICK_MILLIS = 1000;

    /** A transfusion leaving a bed's 24 h window at {@code t}: TRANSFUSION_BURDEN is judged again then. */
    private record Expiry(long t, BedState bed) {
    }

    private final EsperRulePack rules;
    private final HoldTracker holds = new HoldTracker();
    private final AlertLifecycle lifecycle;
    private final AlertRepository repository;
    private final SilenceWatch silences = new SilenceWatch();
    private final SourceConflicts conflicts = new SourceConflicts();
    private final Map<String, BedState> beds = new HashMap<>();
    /** Beds a tick may evaluate: a family's short window holds samples. */
    private final Set<BedState> ticking = new LinkedHashSet<>();
    private final Set<BedState> pendingBeds = new LinkedHashSet<>();
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>(Comparator.comparingLong(Expiry::t));
    private final List<AlertListener> listeners = new CopyOnWriteArrayList<>();
    private final double lactateIndex;
    private final long clockWatchMillis;
    private long now;
    private boolean ingestRefusing;

    /**
     * @param variables threshold overrides by EPL variable name
     * @param startMillis the engine clock's start (live: now; replay: the first line's receipt time)
     */
    public AlertEngine(AlertRepository repository, Map<String, Double> variables, long startMillis) {
        this(repository, variables, EscalationPolicy.DEFAULT, startMillis);
    }

    /** An engine whose acts (acknowledgements, suppressions) are audited in memory only: replay and tests. */
    public AlertEngine(AlertRepository repository, Map<String, Double> variables, EscalationPolicy escalation,
                       long startMillis) {
        this(repository, new InMemoryAuditLog(), variables, escalation, startMillis);
    }

    public AlertEngine(AlertRepository repository, AuditLog audit, Map<String, Double> variables,
                       EscalationPolicy escalation, long startMillis) {
        this.repository = repository;
        this.now = startMillis;
        this.rules = new EsperRulePack(variables, startMillis, this::onCondition);
        this.lifecycle = new AlertLifecycle(repository, audit, escalation, holds, rules::route, this::emit,
                () -> this.now, startMillis);
        this.lactateIndex = rules.variable("lactate", "lactate_index_at");
        this.clockWatchMillis = Math.round(1000 * Math.min(rules.variable("feeds", "device_clock_off_seconds"),
                rules.variable("feeds", "device_clock_back_within_seconds")));
    }

    public void addListener(AlertListener l) {
        listeners.add(l);
    }

    /** A sample received at its own {@code ts} (replay lines without {@code receivedAt}, tests). */
    public void onSample(Sample s) {
        onSample(s, s.tsMillis());
    }

    /** A sample that ingest took at {@code receivedMillis} (server clock; in replay, the line's receivedAt). */
    public void onSample(Sample s, long receivedMillis) {
        advanceTo(receivedMillis);
        BedState bed = bed(s.bed());
        send(bed.onSample(s, now, lactateIndex, clockWatchMillis));
        if (bed.hasPending()) {
            pendingBeds.add(bed);
            ticking.add(bed);
        }
        if (s.signal() == Signal.RBC_UNITS && s.valid()) {
            long leaves = s.tsMillis() + TransfusionEval.WINDOW_MILLIS;
            if (leaves > now) {
                expiries.add(new Expiry(leaves, bed));
            }
        }
    }

    /**
     * A device that is not the bed's source of a signal sent it, or the source changed hands (ingest's
     * SignalSources, issue 14 item 2): SIGNAL_SOURCE_CONFLICT. The samples of that device are never judged.
     */
    public void onSourceNotice(SourceNotice n, long receivedMillis) {
        advanceTo(receivedMillis);
        conflicts.heard(n, now, rules::send);
        lifecycle.settle();
    }

    /**
     * Evaluates every bed's samples of its latest instant. Called when time moves on, and live at the end of each
     * stored batch, so that an alert never waits for the next sample.
     */
    public void flush() {
        for (BedState bed : pendingBeds) {
            send(bed.flush());
        }
        pendingBeds.clear();
    }

    /** A context change received at its own {@code ts}. */
    public void onContext(ContextUpdate u) {
        onContext(u, u.tsMillis());
    }

    public void onContext(ContextUpdate u, long receivedMillis) {
        advanceTo(receivedMillis);
        List<Object> events = bed(u.bed()).apply(u, now);
        for (Object e : events) {
            if (e instanceof FeedReleased r) {
                String message = "ECMO off: " + r.signal() + " no longer watched";
                lifecycle.release(r.bed(), Rule.FEED_STALE, r.signal(), message);
                lifecycle.release(r.bed(), Rule.SIGNAL_ARTIFACT, r.signal(), message);
            } else {
                rules.send(e);
            }
        }
        lifecycle.settle();
    }

    /**
     * Moves the engine clock to {@code millis} (never back), stopping on the way at each whole second while a bed
     * may be ticked, at each escalation or suppression deadline, at the first instant a signal is silent, and when
     * a transfusion leaves its 24 h window; jumping where nothing is due.
     */
    public void advanceTo(long millis) {
        if (now < millis && !pendingBeds.isEmpty()) {
            flush();
        }
        while (now < millis) {
            long next = millis;
            if (!ticking.isEmpty()) {
                next = Math.min(next, Math.floorDiv(now, TICK_MILLIS) * TICK_MILLIS + TICK_MILLIS);
            }
            next = Math.min(next, after(lifecycle.nextDeadline()));
            next = Math.min(next, after(silences.nextDue()));
            next = Math.min(next, after(conflicts.nextDue()));
            next = Math.min(next, expiries.isEmpty() ? Long.MAX_VALUE : after(expiries.peek().t()));
            now = next;
            rules.advanceTo(now);
            lifecycle.onTime(now);
            silences.due(now, this::silent);
            conflicts.due(now, rules::send);
            while (!expiries.isEmpty() && expiries.peek().t() <= now) {
                rules.send(expiries.poll().bed().transfusionsAt(now));
            }
            lifecycle.settle();
            if (!ticking.isEmpty() && now % TICK_MILLIS == 0) {
                tick(now);
            }
        }
        lifecycle.onTime(now);
    }

    /** A signal went silent: FEED_STALE, unless the bed is decannulated and the signal is its circuit's. */
    private void silent(SilenceWatch.Feed f) {
        BedState bed = beds.get(f.bed);
        if (bed.decannulated() && BedState.CIRCUIT_FEEDS.contains(f.signal)) {
            return;
        }
        rules.send(new FeedStale(f.bed, f.signal.wireName(), now, (int) (f.limitMillis / 1000)));
    }

    /** A deadline as the next stop: itself when it lies ahead, else nothing (Long.MAX_VALUE). */
    private long after(long deadline) {
        return deadline > now ? deadline : Long.MAX_VALUE;
    }

    private void tick(long t) {
        var it = ticking.iterator();
        while (it.hasNext()) {
            BedState bed = it.next();
            if (!bed.ticking(t)) {
                it.remove();
                continue;
            }
            send(bed.onTick(t));
        }
    }

    /** Sends one instant's evaluations, then settles what they turned on (parents before children). */
    private void send(List<Object> events) {
        for (Object event : events) {
            rules.send(event);
        }
        lifecycle.settle();
    }

    /**
     * Ingest refuses every device's messages ({@code true}) or takes them again: while it refuses, no bed's silence
     * is reported as FEED_STALE (thousands of technical alarms would say what one banner says: the monitor is not
     * receiving), and afterwards each feed's stale limit runs again from that moment.
     */
    public void ingestRefusing(boolean refusing) {
        if (refusing != ingestRefusing) {
            ingestRefusing = refusing;
            silences.hold(refusing, now);
            conflicts.hold(refusing, now);
        }
    }

    /**
     * The clock jumped forward to {@code t} (live: a server clock step, a suspended machine): each feed's stale
     * limit runs afresh from {@code t}, as after ingest refused messages, since nothing could be heard meanwhile.
     */
    public void resumeSilencesAt(long t) {
        silences.hold(true, now);
        conflicts.hold(true, now);
        advanceTo(t);
        if (!ingestRefusing) {
            silences.hold(false, Math.max(t, now));
            conflicts.hold(false, Math.max(t, now));
        }
    }

    public boolean acknowledge(long alertId, String user, String comment) {
        return lifecycle.acknowledge(alertId, user, comment, now);
    }

    /**
     * Suppresses rules of a bed from now for {@code minutes} (1..60).
     *
     * @throws IllegalArgumentException for a request the spec does not allow (no rules, over 60 min, no reason)
     */
    public Suppression suppress(String bed, java.util.Set<Rule> rules, boolean allPhysiological, int minutes,
                                String reason, String user) {
        return lifecycle.suppress(new Suppression(0, bed, rules, allPhysiological, now, now + minutes * 60_000L,
                reason, user, null));
    }

    public boolean endSuppression(String bed, long id, String user) {
        return lifecycle.endSuppression(bed, id, user, now);
    }

    public List<Suppression> suppressions(String bed) {
        return lifecycle.suppressions(bed, now);
    }

    public long now() {
        return now;
    }

    public PatientContext context(String bed) {
        BedState b = beds.get(bed);
        return b == null ? PatientContext.EMPTY : b.context();
    }

    /** See {@link LiveAlerts#deviceOffsets()}. */
    public Map<String, Long> deviceOffsets() {
        Map<String, Long> out = new HashMap<>();
        for (BedState b : beds.values()) {
            out.putAll(b.deviceOffsets());
        }
        return out;
    }

    public AlertRepository repository() {
        return repository;
    }

    private void onCondition(RuleSignal c) {
        HoldTracker.Transition t = holds.apply(c);
        if (t != HoldTracker.Transition.NONE) {
            lifecycle.onTransition(c, t);
        }
    }

    private void emit(AlertEvent e) {
        for (AlertListener l : listeners) {
            l.onAlertEvent(e);
        }
    }

    private BedState bed(String id) {
        return beds.computeIfAbsent(id, b -> new BedState(b, silences));
    }

    @Override
    public void close() {
        rules.close();
    }
}
