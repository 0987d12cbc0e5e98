package org.ecmomonitor.alerts;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Where alerts and their history live (SQLite live, memory in replay); the audit log is {@link AuditLog}. */
public interface AlertRepository {
    /**
     * Runs {@code work} as one durable unit: what it writes is committed together (one disk sync for a whole batch
     * of alert events rather than one per write), and committed even when the work fails part-way, as each write
     * alone would have been. Nested calls join the outer unit.
     */
    default <T> T inUnit(Supplier<T> work) {
        return work.get();
    }

    /** What could not be stored yet; {@link AlertBacklog#NONE} for a repository that never fails. */
    default AlertBacklog backlog() {
        return AlertBacklog.NONE;
    }

    /** False while the alert, or an event of it, is shown but not yet stored (a full disk). */
    default boolean stored(long alertId) {
        return true;
    }

    /** Stores a new alert and returns its id. */
    long create(Alert alert);

    void update(Alert alert);

    void append(AlertEvent event);

    Optional<Alert> find(long alertId);

    /** Alerts not cleared, for restoring the engine's state after a restart. */
    List<Alert> open();

    /**
     * Alerts, newest first.
     *
     * @param openOnly only alerts not cleared
     * @param bed only this bed, or null for all
     */
    List<Alert> list(boolean openOnly, String bed, int limit);

    /** Alerts raised in [from, to), oldest first (alarm-burden figures). */
    List<Alert> raisedBetween(long fromMillis, long toMillis);

    /** The history of one alert, oldest first. */
    List<AlertEvent> history(long alertId);

    /** Stores a new suppression and returns its id. */
    long create(Suppression suppression);

    void update(Suppression suppression);

    /** Suppressions not ended nor expired at {@code atMillis}, for a bed or (null) all beds. */
    List<Suppression> suppressions(String bed, long atMillis);
}
