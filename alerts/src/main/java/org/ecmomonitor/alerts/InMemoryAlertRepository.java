package org.ecmomonitor.alerts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Alerts in memory: for replay, where nothing is kept after the run. */
public final class InMemoryAlertRepository implements AlertRepository {
    private final Map<Long, Alert> alerts = new LinkedHashMap<>();
    private final List<AlertEvent> events = new ArrayList<>();
    private final Map<Long, Suppression> suppressions = new LinkedHashMap<>();
    private long nextId = 1;
    private long nextSuppressionId = 1;

    @Override
    public synchronized long create(Alert alert) {
        long id = nextId++;
        alerts.put(id, alert.withId(id));
        return id;
    }

    @Override
    public synchronized void update(Alert alert) {
        alerts.put(alert.id(), alert);
    }

    @Override
    public synchronized void append(AlertEvent event) {
        events.add(event);
    }

    @Override
    public synchronized Optional<Alert> find(long alertId) {
        return Optional.ofNullable(alerts.get(alertId));
    }

    @Override
    public synchronized List<Alert> open() {
        return alerts.values().stream().filter(Alert::open).toList();
    }

    @Override
    public synchronized List<Alert> list(boolean openOnly, String bed, int limit) {
        return alerts.values().stream().filter(a -> !openOnly || a.open())
                .filter(a -> bed == null || a.bed().equals(bed))
                .sorted(Comparator.comparingLong(Alert::raisedAtMillis).reversed().thenComparing(
                        Comparator.comparingLong(Alert::id).reversed()))
                .limit(limit).toList();
    }

    @Override
    public synchronized List<Alert> raisedBetween(long fromMillis, long toMillis) {
        return alerts.values().stream().filter(a -> a.raisedAtMillis() >= fromMillis && a.raisedAtMillis() < toMillis)
                .sorted(Comparator.comparingLong(Alert::raisedAtMillis)).toList();
    }

    @Override
    public synchronized List<AlertEvent> history(long alertId) {
        return events.stream().filter(e -> e.alertId() == alertId).toList();
    }

    @Override
    public synchronized long create(Suppression suppression) {
        long id = nextSuppressionId++;
        suppressions.put(id, suppression.withId(id));
        return id;
    }

    @Override
    public synchronized void update(Suppression suppression) {
        suppressions.put(suppression.id(), suppression);
    }

    @Override
    public synchronized List<Suppression> suppressions(String bed, long atMillis) {
        return suppressions.values().stream().filter(x -> bed == null || x.bed().equals(bed))
                .filter(x -> x.fromMillis() <= atMillis && x.endMillis() > atMillis).toList();
    }
}
