package org.ecmomonitor.alerts;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Where alerts, their history and the acknowledgement audit live (SQLite live, memory in replay). */
public interface AlertRepository {
    /**
     * Runs {@code work} as one durable unit: what it writes is committed together (one disk sync for a whole batch
     * of alert events rather than one per write), and committed even when the work fails part-way, as each write
     * alone would have been. Nested calls join the outer unit.
     */
    default <T> T inUnit(Supplier<T> work) {
        return work.get();
    }

    /** Stores a new alert and returns its id. */
    long create(Alert alert);

    void update(Alert alert);

    void append(AlertEvent event);

    /** An audit line: who did what to what, and why. */
    void audit(long atMillis, String user, String action, String target, String detail);

    /** The audit log, newest first. */
    List<AuditEntry> auditLog(int limit);

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
