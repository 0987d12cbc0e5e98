package org.ecmomonitor.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ecmomonitor.alerts.esper.EsperRulePack;
import org.ecmomonitor.alerts.eval.BedState;
import org.ecmomonitor.alerts.lifecycle.AlertLifecycle;
import org.ecmomonitor.alerts.lifecycle.Condition;
import org.ecmomonitor.alerts.lifecycle.HoldTracker;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;

/**
 * The rule engine, live and in replay alike: samples and context in, alert events out. The engine clock is the
 * data's time (each bed's newest sample, never going back), advanced by {@link #advanceTo} when no data arrives;
 * an evaluation instant is a bed's sample time (evaluated once all samples of that time are in) or a whole-second
 * tick while the bed's windows hold samples.
 *
 * <p>Single-threaded and not thread-safe: live, {@link LiveAlerts} owns the one thread that calls it.
 */
public final class AlertEngine implements AutoCloseable {
    private static final long TICK_MILLIS = 1000;

    private final EsperRulePack rules;
    private final HoldTracker holds = new HoldTracker();
    private final AlertLifecycle lifecycle;
    private final AlertRepository repository;
    private final Map<String, BedState> beds = new HashMap<>();
    private final Set<String> bedsWithWindows = new HashSet<>();
    private final Set<BedState> pendingBeds = new java.util.LinkedHashSet<>();
    private final List<AlertListener> listeners = new CopyOnWriteArrayList<>();
    private final double lactateIndex;
    private long now;
    private boolean ingestRefusing;

    /**
     * @param variables threshold overrides by EPL variable name
     * @param startMillis the engine clock's start (live: now; replay: the first line's time)
     */
    public AlertEngine(AlertRepository repository, Map<String, Double> variables, long startMillis) {
        this(repository, variables, EscalationPolicy.DEFAULT, startMillis);
    }

    public AlertEngine(AlertRepository repository, Map<String, Double> variables, EscalationPolicy escalation,
                       long startMillis) {
        this.repository = repository;
        this.now = startMillis;
        this.rules = new EsperRulePack(variables, startMillis, this::onCondition);
        this.lifecycle = new AlertLifecycle(repository, escalation, holds, rules::route, this::emit, () -> this.now,
                startMillis);
        this.lactateIndex = rules.variable("lactate", "lactate_index_at");
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
        if (bed.hasPending() && bed.pendingT() < s.tsMillis()) {
            flush(bed);
        }
        for (Object event : bed.onSample(s, lactateIndex)) {
            rules.send(event);
        }
        if (bed.hasPending()) {
            pendingBeds.add(bed);
        }
        if (s.valid() && !s.signal().isLab() && s.signal().staleAfter().isPresent()) {
            bedsWithWindows.add(s.bed());
        }
    }

    /**
     * Evaluates every bed's samples of its latest instant. Called when time moves on, and live at the end of each
     * stored batch, so that an alert never waits for the next sample.
     */
    public void flush() {
        for (BedState bed : pendingBeds) {
            for (Object event : bed.flush()) {
                rules.send(event);
            }
        }
        pendingBeds.clear();
    }

    private void flush(BedState bed) {
        for (Object event : bed.flush()) {
            rules.send(event);
        }
        pendingBeds.remove(bed);
    }

    /** A context change received at its own {@code ts}. */
    public void onContext(ContextUpdate u) {
        onContext(u, u.tsMillis());
    }

    public void onContext(ContextUpdate u, long receivedMillis) {
        advanceTo(receivedMillis);
        for (Object event : bed(u.bed()).apply(u)) {
            rules.send(event);
        }
    }

    /**
     * Moves the engine clock to {@code millis} (never back), ticking each whole second on the way for beds whose
     * windows still hold samples, and jumping where no bed has any.
     */
    public void advanceTo(long millis) {
        if (now < millis && !pendingBeds.isEmpty()) {
            flush();
        }
        while (now < millis) {
            long next = millis;
            if (!bedsWithWindows.isEmpty()) {
                next = Math.min(next, Math.floorDiv(now, TICK_MILLIS) * TICK_MILLIS + TICK_MILLIS);
            }
            long deadline = lifecycle.nextDeadline();
            if (deadline > now) {
                next = Math.min(next, deadline);
            }
            now = next;
            rules.advanceTo(now);
            lifecycle.onTime(now);
            if (!bedsWithWindows.isEmpty() && next % TICK_MILLIS == 0 && next < millis) {
                tick(now);
            }
        }
        lifecycle.onTime(now);
    }

    private void tick(long t) {
        List<String> drained = new ArrayList<>();
        for (String b : bedsWithWindows) {
            BedState bed = beds.get(b);
            if (!bed.hasPendingWindows(t)) {
                drained.add(b);
                continue;
            }
            if (bed.watermark() > t - TICK_MILLIS) {
                // data is arriving: its sample times are the bed's evaluation instants; ticks are for when no data
                // arrives (alert-rules.md "Time"), and evaluating every bed twice a second doubled the engine's work
                continue;
            }
            for (Object event : bed.onTick(t)) {
                rules.send(event);
            }
        }
        drained.forEach(bedsWithWindows::remove);
    }

    /**
     * Ingest refuses every device's messages ({@code true}) or takes them again: while it refuses, no bed's silence
     * is reported as FEED_STALE (thousands of technical alarms would say what one banner says: the monitor is not
     * receiving), and afterwards each feed's stale limit runs again from that moment.
     */
    public void ingestRefusing(boolean refusing) {
        if (refusing == this.ingestRefusing) {
            return;
        }
        this.ingestRefusing = refusing;
        for (BedState b : beds.values()) {
            b.holdSilences(refusing, now);
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
        return Map.of();
    }

    public AlertRepository repository() {
        return repository;
    }

    private void onCondition(Condition c) {
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
        return beds.computeIfAbsent(id, b -> {
            BedState bed = new BedState(b);
            if (ingestRefusing) {
                bed.holdSilences(true, now);
            }
            return bed;
        });
    }

    @Override
    public void close() {
        rules.close();
    }
}
