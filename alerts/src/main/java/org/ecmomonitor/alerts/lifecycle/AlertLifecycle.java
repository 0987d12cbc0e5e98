package org.ecmomonitor.alerts.lifecycle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertEvent;
import org.ecmomonitor.alerts.AlertEventType;
import org.ecmomonitor.alerts.AlertRepository;
import org.ecmomonitor.alerts.AlertState;
import org.ecmomonitor.alerts.AuditLog;
import org.ecmomonitor.alerts.EscalationPolicy;
import org.ecmomonitor.alerts.Priority;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.alerts.Suppression;
import org.ecmomonitor.alerts.esper.ConditionState;
import org.ecmomonitor.alerts.esper.RuleSignal;
import org.ecmomonitor.alerts.esper.Stage;
import org.ecmomonitor.ingest.WireNamed;

/**
 * The alert lifecycle of alert-rules.md: one open alert per key; active → acknowledged → cleared; latching rules
 * stay open until acknowledged; an open parent holds back its children (recorded as {@code suppressed}); a band
 * change of an open alert is {@code escalated} (up) or {@code updated} (down). Every change is stored before it
 * is told to the listeners. Runs on the engine thread only.
 */
public final class AlertLifecycle {
    /**
     * Continuous data judged this long after its aligned time came from a backlog (a gateway resending after a
     * reconnect): its events say how old the data was (alert-rules.md Time 4).
     */
    static final long BACKLOG_MILLIS = 10_000;

    /** What the lifecycle knows of one (bed, rule, key). */
    private static final class RuleState {
        boolean conditionOn;
        boolean bandOn;
        Priority basePriority;
        Priority bandPriority;
        boolean suppressed;
        boolean latchedOff;
        Alert alert;
        long lastT;
        double lastValue;
        String lastMessage = "";
        /** observedAt of the condition's last turn on (see {@link #observedAt}). */
        Long lastObservedAt;
    }

    /** A condition that turned on in the instant being judged, its raise (or suppression) decided at its end. */
    private record PendingRaise(String bed, Rule rule, String key, RuleState state, String message) {
    }

    /** An escalation (level 2 or 3), a re-activation (level 1) or a suppression's end (level 0, its id) due at t. */
    private record Deadline(long t, long alertId, int level) {
    }

    private final AlertRepository repository;
    private final AuditLog audit;
    private final EscalationPolicy escalation;
    private final LongSupplier engineClock;
    private final PriorityQueue<Deadline> deadlines =
            new PriorityQueue<>(Comparator.comparingLong(Deadline::t).thenComparingInt(Deadline::level));
    private final HoldTracker holds;
    private final Consumer<ConditionState> conditionRouter;
    private final Consumer<AlertEvent> emitter;
    private final Map<String, RuleState> states = new HashMap<>();
    private final Map<Long, String> keyOfAlert = new HashMap<>();
    private final Map<Long, Suppression> suppressions = new HashMap<>();
    private final List<PendingRaise> pending = new ArrayList<>();

    /**
     * @param engineClock the engine's current time: a suppression holds back what is raised while it runs, also a
     *     lab result observed before it began (its alert carries the observation time)
     * @param nowMillis the engine clock at start: suppressions still running then are restored
     */
    public AlertLifecycle(AlertRepository repository, AuditLog audit, EscalationPolicy escalation,
                          HoldTracker holds, Consumer<ConditionState> conditionRouter, Consumer<AlertEvent> emitter,
                          LongSupplier engineClock, long nowMillis) {
        this.engineClock = engineClock;
        this.repository = repository;
        this.audit = audit;
        this.escalation = escalation;
        this.holds = holds;
        this.conditionRouter = conditionRouter;
        this.emitter = emitter;
        for (Suppression x : repository.suppressions(null, nowMillis)) {
            startTracking(x);
        }
        for (Alert a : repository.open()) {
            RuleState s = state(a.bed(), a.rule(), a.key());
            s.alert = a;
            s.conditionOn = true;
            s.basePriority = a.priority();
            s.lastValue = a.value();
            s.lastMessage = a.message();
            keyOfAlert.put(a.id(), stateKey(a.bed(), a.rule(), a.key()));
            holds.force(a.bed(), a.rule().name(), a.key(), Stage.RULE, true);
            if (a.state() == AlertState.ACTIVE) {
                scheduleEscalation(a, a.raisedAtMillis());
            } else if (a.priority() == Priority.HIGH && a.acknowledgedAtMillis() != null) {
                deadlines.add(new Deadline(a.acknowledgedAtMillis() + escalation.reactivateAfterMillis(), a.id(), 1));
            }
        }
    }

    /** Applies a hold-tracker transition of one rule condition. */
    public void onTransition(RuleSignal c, HoldTracker.Transition transition) {
        Rule rule = Rule.byName(c.rule()).orElseThrow(() ->
                new IllegalStateException("EPL produced a signal for unknown rule " + c.rule()));
        RuleState s = state(c.bed(), rule, c.key());
        Priority priority = WireNamed.byWireName(Priority.class, c.priority()).orElseThrow(() ->
                new IllegalStateException(c.rule() + ": unknown priority " + c.priority()));
        s.lastT = c.t();
        if (c.stage() == Stage.CLEAR) {
            if (transition == HoldTracker.Transition.ON && s.conditionOn) {
                holds.force(c.bed(), c.rule(), c.key(), Stage.RULE, false);
                conditionOff(c, rule, s, c.raiseMessage());
            }
            return;
        }
        if (c.stage() == Stage.BAND) {
            band(c, s, priority, transition);
            return;
        }
        switch (transition) {
            case ON -> conditionOn(c, rule, s, priority);
            case STILL_ON -> reprioritise(c, s, priority, c.raiseMessage());
            case OFF -> conditionOff(c, rule, s, c.clearMessage());
            case NONE -> { }
        }
    }

    private void conditionOn(RuleSignal c, Rule rule, RuleState s, Priority priority) {
        s.conditionOn = true;
        s.basePriority = priority;
        s.lastValue = c.value();
        s.lastObservedAt = observedAt(rule, c.t());
        s.lastMessage = aged(c.raiseMessage(), rule, c.t());
        conditionRouter.accept(new ConditionState(c.bed(), rule.name(), c.t(), true));
        if (s.alert != null) {
            s.latchedOff = false;
            return;
        }
        pending.add(new PendingRaise(c.bed(), rule, c.key(), s, aged(withHold(c.raiseMessage(),
                c.raiseHoldMillis()), rule, c.t())));
    }

    /**
     * Clears an open alert of {@code rule} for {@code key} now, whatever its condition says, because what it watched
     * is no longer watched (a decannulated bed's circuit feeds): as an immediate clear stage would.
     */
    public void release(String bed, Rule rule, String key, String message) {
        RuleState s = states.get(stateKey(bed, rule, key));
        if (s == null || !s.conditionOn && s.alert == null) {
            return;
        }
        onTransition(new RuleSignal(bed, rule.name(), key, Stage.CLEAR, "low", engineClock.getAsLong(), true, false,
                0, 0, false, 0, message, ""), HoldTracker.Transition.ON);
    }

    /**
     * Ends the instant being judged (the engine calls it after each group of evaluations): the conditions that
     * turned on in it are raised or held back now, parents before children, so that a parent and a child that
     * become true at the same instant give the parent raised and the child suppressed, always (alert-rules.md
     * Lifecycle, v2), whatever order the rules were judged in.
     */
    public void settle() {
        if (pending.isEmpty()) {
            return;
        }
        List<PendingRaise> due = new ArrayList<>(pending);
        pending.clear();
        due.sort(Comparator.comparingInt(p -> p.rule().ancestors().size()));
        for (PendingRaise p : due) {
            RuleState s = p.state();
            if (s.conditionOn && s.alert == null) {
                raiseOrSuppress(p.bed(), p.rule(), p.key(), s, p.message());
            }
        }
    }

    /**
     * Raises the rule's alert now (the engine clock), or records it suppressed when a procedure or an open parent
     * holds it back.
     */
    private void raiseOrSuppress(String bed, Rule rule, String key, RuleState s, String message) {
        long t = engineClock.getAsLong();
        Priority p = effectivePriority(s);
        Suppression procedure = suppressionOf(bed, rule, t);
        if (procedure != null) {
            if (!s.suppressed) {
                s.suppressed = true;
                record(new AlertEvent(0, t, bed, rule, key, p, AlertEventType.SUPPRESSED, s.lastValue,
                        message + " (suppressed: " + procedure.reason() + ")", 1, s.lastObservedAt));
            }
            return;
        }
        if (parentOpen(bed, rule)) {
            if (!s.suppressed) {
                s.suppressed = true;
                record(new AlertEvent(0, t, bed, rule, key, p, AlertEventType.SUPPRESSED, s.lastValue, message, 1,
                        s.lastObservedAt));
            }
            return;
        }
        s.suppressed = false;
        Alert a = new Alert(0, bed, rule, key, p, AlertState.ACTIVE, t, null, null, null, null, s.lastValue, message,
                1, s.lastObservedAt);
        long id = repository.create(a);
        s.alert = a.withId(id);
        keyOfAlert.put(id, stateKey(bed, rule, key));
        record(new AlertEvent(id, t, bed, rule, key, p, AlertEventType.RAISED, s.lastValue, message, 1,
                s.lastObservedAt));
        scheduleEscalation(s.alert, t);
    }

    /**
     * The observation time an event decided at condition time {@code t} carries: a result's time for the rules
     * over results (always), and for continuous rules the aligned time of a backlog judged after the fact.
     */
    private Long observedAt(Rule rule, long t) {
        return rule.judgesResults() || engineClock.getAsLong() - t >= BACKLOG_MILLIS ? t : null;
    }

    /** The message of a condition decided by data of time {@code t}, saying how old it is when from a backlog. */
    private String aged(String message, Rule rule, long t) {
        long age = engineClock.getAsLong() - t;
        return rule.judgesResults() || age < BACKLOG_MILLIS ? message : message + dataAge(age);
    }

    private static String dataAge(long ageMillis) {
        long s = ageMillis / 1000;
        return s < 120 ? " (data " + s + " s old)" : " (data " + (s / 60) + " min old)";
    }

    private void conditionOff(RuleSignal c, Rule rule, RuleState s, String message) {
        s.conditionOn = false;
        s.suppressed = false;
        s.bandOn = false;
        s.lastValue = c.value();
        conditionRouter.accept(new ConditionState(c.bed(), rule.name(), c.t(), false));
        if (s.alert == null) {
            return;
        }
        if (rule.latching() && s.alert.state() != AlertState.ACKNOWLEDGED) {
            s.latchedOff = true;
            return;
        }
        clear(c.bed(), rule, s, c.value(), aged(message, rule, c.t()), observedAt(rule, c.t()));
    }

    private void clear(String bed, Rule rule, RuleState s, double value, String message, Long observedAt) {
        long t = engineClock.getAsLong();
        Alert a = s.alert;
        repository.update(a.cleared(t, value));
        s.alert = null;
        s.latchedOff = false;
        keyOfAlert.remove(a.id());
        record(new AlertEvent(a.id(), t, bed, rule, a.key(), a.priority(), AlertEventType.CLEARED, value, message, 1,
                observedAt));
        releaseChildren(bed, rule);
    }

    /** A parent closed: descendants whose condition still holds, and that nothing else holds back, are raised. */
    private void releaseChildren(String bed, Rule parent) {
        for (Rule child : Rule.values()) {
            if (!child.ancestors().contains(parent)) {
                continue;
            }
            for (Map.Entry<String, RuleState> e : List.copyOf(states.entrySet())) {
                RuleState cs = e.getValue();
                if (cs.conditionOn && cs.alert == null && e.getKey().startsWith(stateKey(bed, child, ""))
                        && !parentOpen(bed, child)) {
                    String key = e.getKey().substring(stateKey(bed, child, "").length());
                    // v2: only a child whose raise condition is true at this instant (a pump that restarted has no
                    // low flow to announce, though the low-flow clear hold has not run out)
                    if (holds.lastRaised(bed, child.name(), key, Stage.RULE)) {
                        raiseOrSuppress(bed, child, key, cs, cs.lastMessage);
                    }
                }
            }
        }
    }

    private void band(RuleSignal c, RuleState s, Priority priority, HoldTracker.Transition transition) {
        if (transition == HoldTracker.Transition.ON) {
            s.bandOn = true;
            s.bandPriority = priority;
            reprioritise(c, s, s.basePriority == null ? priority : s.basePriority, c.raiseMessage());
        } else if (transition == HoldTracker.Transition.OFF) {
            s.bandOn = false;
            reprioritise(c, s, s.basePriority == null ? priority : s.basePriority, c.clearMessage());
        }
    }

    /** Sets the base priority and, if the open alert's effective priority changes, records the band change. */
    private void reprioritise(RuleSignal c, RuleState s, Priority base, String message) {
        s.basePriority = base;
        s.lastValue = c.value();
        if (s.alert == null) {
            return;
        }
        Priority p = effectivePriority(s);
        Alert a = s.alert;
        if (p == a.priority()) {
            return;
        }
        AlertEventType type = p.compareTo(a.priority()) > 0 ? AlertEventType.ESCALATED : AlertEventType.UPDATED;
        long t = engineClock.getAsLong();
        String shown = aged(message, a.rule(), c.t());
        s.alert = a.reprioritised(p, c.value(), shown);
        repository.update(s.alert);
        record(new AlertEvent(a.id(), t, a.bed(), a.rule(), a.key(), p, type, c.value(), shown, a.level(),
                observedAt(a.rule(), c.t())));
        if (type == AlertEventType.ESCALATED && s.alert.state() == AlertState.ACTIVE) {
            scheduleEscalation(s.alert, t);
        }
    }

    /**
     * Acknowledges an open alert; a latching alert whose condition has already cleared closes now. The audit line
     * is written first: when it cannot be stored (a full disk) the acknowledgement fails and nothing changes, so
     * that no alarm is silenced without a record of who silenced it.
     *
     * @return false when no open alert has that id
     */
    public boolean acknowledge(long alertId, String user, String comment, long atMillis) {
        String k = keyOfAlert.get(alertId);
        RuleState s = k == null ? null : states.get(k);
        if (s == null || s.alert == null || s.alert.state() != AlertState.ACTIVE) {
            return false;
        }
        Alert a = s.alert;
        audit.audit(atMillis, user, "acknowledge", "alert " + a.id() + " " + a.bed() + " " + a.rule().name(),
                comment == null ? "" : comment);
        s.alert = a.acknowledged(atMillis, user, comment);
        repository.update(s.alert);
        record(new AlertEvent(a.id(), atMillis, a.bed(), a.rule(), a.key(), a.priority(),
                AlertEventType.ACKNOWLEDGED, a.value(), "acknowledged by " + user
                        + (comment == null || comment.isBlank() ? "" : ": " + comment), 1));
        if (s.latchedOff) {
            clear(a.bed(), a.rule(), s, s.lastValue, "acknowledged, condition no longer present", null);
        } else if (a.priority() == Priority.HIGH) {
            deadlines.add(new Deadline(atMillis + escalation.reactivateAfterMillis(), a.id(), 1));
        }
        return true;
    }

    /**
     * Starts a procedure suppression (stored and audited); alerts it covers that would be raised are recorded as
     * {@code suppressed}, and raised when it ends if their condition still holds.
     */
    public Suppression suppress(Suppression request) {
        audit.audit(request.fromMillis(), request.user(), "suppress", "bed " + request.bed(), describe(request));
        long id = repository.create(request);
        Suppression x = request.withId(id);
        startTracking(x);
        return x;
    }

    /** Ends a suppression early; false when no running suppression of that bed has that id. */
    public boolean endSuppression(String bed, long id, String user, long atMillis) {
        Suppression x = suppressions.get(id);
        if (x == null || !x.bed().equals(bed) || x.endMillis() <= atMillis) {
            return false;
        }
        audit.audit(atMillis, user, "end suppression", "bed " + bed, "suppression " + id + ": " + describe(x));
        Suppression ended = x.endedAt(atMillis);
        repository.update(ended);
        suppressions.remove(id);
        releaseSuppressed(bed);
        return true;
    }

    public List<Suppression> suppressions(String bed, long atMillis) {
        return suppressions.values().stream().filter(x -> x.bed().equals(bed) && x.endMillis() > atMillis)
                .sorted(Comparator.comparingLong(Suppression::id)).toList();
    }

    private void startTracking(Suppression x) {
        suppressions.put(x.id(), x);
        deadlines.add(new Deadline(x.endMillis(), x.id(), 0));
    }

    private Suppression suppressionOf(String bed, Rule rule, long t) {
        for (Suppression x : suppressions.values()) {
            if (x.bed().equals(bed) && x.covers(rule, t)) {
                return x;
            }
        }
        return null;
    }

    /** Conditions held back by a suppression that has ended, and by nothing else, are raised now. */
    private void releaseSuppressed(String bed) {
        String prefix = bed + '\u0000';
        for (Map.Entry<String, RuleState> e : List.copyOf(states.entrySet())) {
            RuleState s = e.getValue();
            if (e.getKey().startsWith(prefix) && s.conditionOn && s.alert == null && s.suppressed) {
                String[] parts = e.getKey().split("\u0000", -1);
                Rule rule = Rule.valueOf(parts[1]);
                s.suppressed = false;
                raiseOrSuppress(bed, rule, parts[2], s, s.lastMessage);
            }
        }
    }

    private static String describe(Suppression x) {
        return (x.allPhysiological() ? "all physiological rules" : x.rules().toString()) + " until "
                + java.time.Instant.ofEpochMilli(x.untilMillis()) + ": " + x.reason();
    }

    /** The next time an escalation or re-activation is due, or Long.MAX_VALUE. */
    public long nextDeadline() {
        return deadlines.isEmpty() ? Long.MAX_VALUE : deadlines.peek().t();
    }

    /** Fires the escalations and re-activations due at or before {@code now}, each at its own time. */
    public void onTime(long now) {
        while (!deadlines.isEmpty() && deadlines.peek().t() <= now) {
            fire(deadlines.poll());
        }
    }

    private void scheduleEscalation(Alert a, long activeSince) {
        if (a.priority() == Priority.HIGH) {
            deadlines.add(new Deadline(activeSince + escalation.highLevel2Millis(), a.id(), 2));
            deadlines.add(new Deadline(activeSince + escalation.highLevel3Millis(), a.id(), 3));
        } else if (a.priority() == Priority.MEDIUM) {
            deadlines.add(new Deadline(activeSince + escalation.mediumLevel2Millis(), a.id(), 2));
        }
    }

    private void fire(Deadline d) {
        if (d.level() == 0) {
            Suppression x = suppressions.get(d.alertId());
            if (x != null && x.endMillis() <= d.t()) {
                suppressions.remove(x.id());
                releaseSuppressed(x.bed());
            }
            return;
        }
        String k = keyOfAlert.get(d.alertId());
        RuleState s = k == null ? null : states.get(k);
        if (s == null || s.alert == null || s.alert.id() != d.alertId()) {
            return;
        }
        Alert a = s.alert;
        if (d.level() == 1) {
            boolean due = a.state() == AlertState.ACKNOWLEDGED && a.priority() == Priority.HIGH && s.conditionOn
                    && !s.latchedOff && a.acknowledgedAtMillis() != null
                    && d.t() - a.acknowledgedAtMillis() >= escalation.reactivateAfterMillis();
            if (due) {
                s.alert = a.reactivated();
                repository.update(s.alert);
                record(new AlertEvent(a.id(), d.t(), a.bed(), a.rule(), a.key(), a.priority(),
                        AlertEventType.ESCALATED, s.lastValue, "acknowledged over "
                                + escalation.reactivateAfterMillis() / 60_000 + " min ago and still present", 1));
                scheduleEscalation(s.alert, d.t());
            }
            return;
        }
        boolean qualifies = d.level() == 2 ? a.priority().compareTo(Priority.MEDIUM) >= 0 : a.priority() == Priority.HIGH;
        if (a.state() == AlertState.ACTIVE && a.level() < d.level() && qualifies) {
            s.alert = a.escalatedTo(d.level());
            repository.update(s.alert);
            record(new AlertEvent(a.id(), d.t(), a.bed(), a.rule(), a.key(), a.priority(), AlertEventType.ESCALATED,
                    s.lastValue, "not acknowledged: escalated to level " + d.level(), d.level()));
        }
    }

    private Priority effectivePriority(RuleState s) {
        Priority base = s.basePriority == null ? Priority.LOW : s.basePriority;
        if (s.bandOn && s.bandPriority != null && s.bandPriority.compareTo(base) > 0) {
            return s.bandPriority;
        }
        return base;
    }

    private boolean parentOpen(String bed, Rule rule) {
        for (Rule parent : rule.ancestors()) {
            for (Map.Entry<String, RuleState> e : states.entrySet()) {
                if (e.getValue().alert != null && e.getKey().startsWith(stateKey(bed, parent, ""))) {
                    return true;
                }
            }
        }
        return false;
    }

    private void record(AlertEvent e) {
        repository.append(e);
        emitter.accept(e);
    }

    private RuleState state(String bed, Rule rule, String key) {
        return states.computeIfAbsent(stateKey(bed, rule, key), k -> new RuleState());
    }

    private static String stateKey(String bed, Rule rule, String key) {
        return bed + '\u0000' + rule.name() + '\u0000' + key;
    }

    private static String withHold(String message, long holdMillis) {
        if (holdMillis <= 0) {
            return message;
        }
        long s = holdMillis / 1000;
        return message + " for " + (s % 60 == 0 ? (s / 60) + " min" : s + " s");
    }
}
