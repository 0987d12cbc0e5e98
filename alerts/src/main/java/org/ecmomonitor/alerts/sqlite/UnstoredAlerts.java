package org.ecmomonitor.alerts.sqlite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertEvent;
import org.ecmomonitor.alerts.Suppression;

/**
 * Alert writes waiting to be committed, oldest first: each alert's and suppression's latest row (a later change
 * replaces an earlier one not yet stored) and every event with the id it will have. They wait here while the
 * engine's unit runs, and for as long as storage fails (issue 14: a full disk), so that what the engine decided
 * is shown and stored later with the same ids and times instead of being lost. Events are bounded: past the bound
 * the oldest is dropped and counted; alert rows are never dropped (at most one per alert), so an alert still
 * reaches the board and the history, if without some of its events.
 */
final class UnstoredAlerts {
    /** An event and the row id it is stored under. */
    record Event(long id, AlertEvent event) {
    }

    /** What one commit writes; its instances identify, after the commit, what may be forgotten. */
    record Batch(List<Alert> alerts, List<Event> events, List<Suppression> suppressions) {
        boolean isEmpty() {
            return alerts.isEmpty() && events.isEmpty() && suppressions.isEmpty();
        }
    }

    private final int maxEvents;
    private final Map<Long, Alert> alerts = new LinkedHashMap<>();
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final Map<Long, Suppression> suppressions = new LinkedHashMap<>();
    private long dropped;

    UnstoredAlerts(int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("the bound of unstored alert events must be positive");
        }
        this.maxEvents = maxEvents;
    }

    synchronized void alert(Alert a) {
        alerts.put(a.id(), a);
    }

    /** Adds an event; returns true when the oldest had to be dropped to stay within the bound. */
    synchronized boolean event(Event e) {
        events.addLast(e);
        if (events.size() > maxEvents) {
            events.removeFirst();
            dropped++;
            return true;
        }
        return false;
    }

    synchronized void suppression(Suppression x) {
        suppressions.put(x.id(), x);
    }

    synchronized Batch batch() {
        return new Batch(List.copyOf(alerts.values()), List.copyOf(events), List.copyOf(suppressions.values()));
    }

    /** Forgets what {@code b} stored, keeping what changed since it was taken (that is written next time). */
    synchronized void stored(Batch b) {
        for (Alert a : b.alerts()) {
            alerts.remove(a.id(), a);
        }
        Set<Event> done = Collections.newSetFromMap(new IdentityHashMap<>());
        done.addAll(b.events());
        events.removeIf(done::contains);
        for (Suppression x : b.suppressions()) {
            suppressions.remove(x.id(), x);
        }
    }

    synchronized Optional<Alert> alert(long id) {
        return Optional.ofNullable(alerts.get(id));
    }

    /** The unstored rows of alerts, by id. */
    synchronized Map<Long, Alert> alerts() {
        return new LinkedHashMap<>(alerts);
    }

    synchronized List<Event> eventsOf(long alertId) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.event().alertId() == alertId) {
                out.add(e);
            }
        }
        return out;
    }

    synchronized Map<Long, Suppression> suppressions() {
        return new LinkedHashMap<>(suppressions);
    }

    /** Whether the alert's row or one of its events is waiting. */
    synchronized boolean waiting(long alertId) {
        return alerts.containsKey(alertId) || events.stream().anyMatch(e -> e.event().alertId() == alertId);
    }

    synchronized int events() {
        return events.size();
    }

    synchronized int size() {
        return alerts.size() + events.size() + suppressions.size();
    }

    synchronized long dropped() {
        return dropped;
    }
}
