package org.ecmomonitor.alerts.sqlite;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertBacklog;
import org.ecmomonitor.alerts.AlertEvent;
import org.ecmomonitor.alerts.AlertEventType;
import org.ecmomonitor.alerts.AlertRepository;
import org.ecmomonitor.alerts.AlertState;
import org.ecmomonitor.alerts.Priority;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.alerts.Suppression;
import org.ecmomonitor.ingest.WireNamed;
import org.ecmomonitor.ingest.sqlite.SqliteDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts and their history in {@code monitor.db}: {@code alerts} (one row per alert, its current state),
 * {@code alert_events} (every event, the history the bed view shows), {@code suppressions}. Both alert tables keep
 * {@code observed_at}, the observation time of the lab result or backlog sample that decided an alert or event
 * (alert-rules.md Time 4 and 5; null when it is the event's own time).
 *
 * <p>Writes wait in memory ({@link UnstoredAlerts}) until the end of their unit ({@link #inUnit}: the engine
 * commits each batch's events together, one disk sync, before it publishes them), or are committed at once outside
 * a unit. Ids are given here, not by SQLite, so that a write that cannot be committed (a full disk, issue 14) keeps
 * its ids: it stays in memory, is shown by every read as if stored ({@link #stored} says it is not), and is
 * committed with the next unit (the engine ticks every second), oldest first, with the same ids and times.
 * {@link #backlog()} says how much waits, for {@code /health}.
 *
 * <p>Reads (the board, the API) have a connection of their own: WAL lets them read while the engine commits.
 */
public final class SqliteAlertRepository implements AlertRepository, AutoCloseable {
    /** Alert events kept in memory while storage fails, unless configured otherwise. */
    public static final int DEFAULT_MAX_UNSTORED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(SqliteAlertRepository.class);
    private static final String COLUMNS = "id, bed, rule, alert_key, priority, state, raised_at, acknowledged_at,"
            + " acknowledged_by, ack_comment, cleared_at, value, message, level, observed_at";
    private static final String EVENT_COLUMNS = "id, alert_id, at, bed, rule, alert_key, priority, event, value,"
            + " message, level, observed_at";

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final UnstoredAlerts unstored;
    private final Counter droppedCounter;
    private long lastAlertId;
    private long lastEventId;
    private long lastSuppressionId;
    private int unitDepth;
    private volatile String problem;

    public SqliteAlertRepository(Path monitorDb) throws SQLException {
        this(monitorDb, DEFAULT_MAX_UNSTORED, new SimpleMeterRegistry());
    }

    /** @param maxUnstored alert events kept in memory while they cannot be stored; past it the oldest is dropped */
    public SqliteAlertRepository(Path monitorDb, int maxUnstored, MeterRegistry meters) throws SQLException {
        this.file = monitorDb;
        this.unstored = new UnstoredAlerts(maxUnstored);
        this.writer = SqliteDatabase.open(monitorDb);
        AlertSchema.apply(writer);
        this.lastAlertId = lastId("alerts");
        this.lastEventId = lastId("alert_events");
        this.lastSuppressionId = lastId("suppressions");
        this.reader = SqliteDatabase.open(monitorDb);
        Gauge.builder("ecmo.alerts.unstored", unstored, UnstoredAlerts::events)
                .description("alert events shown but not yet stored in monitor.db (kept in memory, retried)")
                .register(meters);
        this.droppedCounter = Counter.builder("ecmo.alerts.unstored.dropped")
                .description("alert events dropped from memory before they could be stored (the bound was reached)")
                .register(meters);
    }

    /** The highest id the table has used (AUTOINCREMENT never reuses one, so neither do we). */
    private long lastId(String table) throws SQLException {
        try (Statement st = writer.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '"
                     + table + "'), 0), coalesce((SELECT max(id) FROM " + table + "), 0))")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public synchronized <T> T inUnit(Supplier<T> work) {
        unitDepth++;
        try {
            return work.get();
        } finally {
            unitDepth--;
            if (unitDepth == 0) {
                commit();
            }
        }
    }

    /**
     * Commits everything waiting, oldest first, in one transaction. A failure keeps it all waiting for the next
     * attempt and is logged when it starts and when it ends, not at every attempt (one a second while the disk
     * is full).
     */
    private void commit() {
        UnstoredAlerts.Batch batch = unstored.batch();
        if (batch.isEmpty()) {
            return;
        }
        try {
            SqliteDatabase.inTransaction(writer, c -> {
                write(c, batch);
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            if (problem == null) {
                LOG.error("cannot store alerts in {}: {}. They are shown on the board and kept in memory (up to the"
                        + " bound alerts_unstored_max), and stored as soon as the database takes them again.",
                        file, e.getMessage());
            }
            problem = e.getMessage();
            return;
        }
        unstored.stored(batch);
        if (problem != null) {
            problem = null;
            LOG.info("alerts are stored in {} again: {} alert event(s) kept in memory meanwhile are now in the"
                    + " history", file, batch.events().size());
        }
    }

    private static void write(Connection c, UnstoredAlerts.Batch b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO alerts (" + COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (Alert a : b.alerts()) {
                ps.setLong(1, a.id());
                bind(ps, a, 2);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO alert_events (" + EVENT_COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (UnstoredAlerts.Event x : b.events()) {
                AlertEvent e = x.event();
                ps.setLong(1, x.id());
                ps.setLong(2, e.alertId());
                ps.setLong(3, e.atMillis());
                ps.setString(4, e.bed());
                ps.setString(5, e.rule().name());
                ps.setString(6, e.key());
                ps.setString(7, e.priority().wireName());
                ps.setString(8, e.event().wireName());
                ps.setDouble(9, e.value());
                ps.setString(10, e.message());
                ps.setInt(11, e.level());
                setLong(ps, 12, e.observedAtMillis());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO suppressions (id, bed, rules,"
                + " all_physiological, from_at, until_at, reason, user, ended_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
            for (Suppression x : b.suppressions()) {
                ps.setLong(1, x.id());
                ps.setString(2, x.bed());
                ps.setString(3, String.join(",", x.rules().stream().map(Rule::name).toList()));
                ps.setInt(4, x.allPhysiological() ? 1 : 0);
                ps.setLong(5, x.fromMillis());
                ps.setLong(6, x.untilMillis());
                ps.setString(7, x.reason());
                ps.setString(8, x.user());
                setLong(ps, 9, x.endedAtMillis());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Outside a unit a write is committed before it returns (or kept waiting, should that fail). */
    private void written() {
        if (unitDepth == 0) {
            commit();
        }
    }

    /** The writing connection, for tests that fill the database up ({@code PRAGMA max_page_count}). */
    Connection writer() {
        return writer;
    }

    @Override
    public AlertBacklog backlog() {
        return new AlertBacklog(unstored.events(), unstored.dropped(), unstored.size() == 0 ? null : problem);
    }

    @Override
    public boolean stored(long alertId) {
        return !unstored.waiting(alertId);
    }

    @Override
    public synchronized long create(Alert a) {
        Alert withId = a.withId(++lastAlertId);
        unstored.alert(withId);
        written();
        return withId.id();
    }

    @Override
    public synchronized void update(Alert a) {
        unstored.alert(a);
        written();
    }

    @Override
    public synchronized void append(AlertEvent e) {
        if (unstored.event(new UnstoredAlerts.Event(++lastEventId, e))) {
            droppedCounter.increment();
            long dropped = unstored.dropped();
            if (dropped == 1 || dropped % 1000 == 0) {
                LOG.error("{} alert event(s) dropped from memory, never stored: {} cannot store alerts and more"
                        + " than alerts_unstored_max are waiting. The alerts themselves are kept and shown.", dropped,
                        file);
            }
        }
        written();
    }

    @Override
    public synchronized long create(Suppression x) {
        Suppression withId = x.withId(++lastSuppressionId);
        unstored.suppression(withId);
        written();
        return withId.id();
    }

    @Override
    public synchronized void update(Suppression x) {
        unstored.suppression(x);
        written();
    }

    /*
     * Reads take what waits in memory first and the database after, and let the memory win: a write committed and
     * forgotten in between is then read from the database, never missed.
     */

    @Override
    public Optional<Alert> find(long alertId) {
        Optional<Alert> waiting = unstored.alert(alertId);
        if (waiting.isPresent()) {
            return waiting;
        }
        return query("SELECT " + COLUMNS + " FROM alerts WHERE id = ?", ps -> ps.setLong(1, alertId)).stream()
                .findFirst();
    }

    @Override
    public List<Alert> open() {
        Map<Long, Alert> waiting = unstored.alerts();
        return merge(query("SELECT " + COLUMNS + " FROM alerts WHERE state != 'cleared'", ps -> { }), waiting,
                Alert::open, Comparator.comparingLong(Alert::id), Integer.MAX_VALUE);
    }

    @Override
    public List<Alert> list(boolean openOnly, String bed, int limit) {
        Map<Long, Alert> waiting = unstored.alerts();
        String where = (openOnly ? " WHERE state != 'cleared'" : " WHERE 1 = 1") + (bed == null ? "" : " AND bed = ?");
        // as many more as wait in memory: a waiting change may take a row out of the selection
        int rows = (int) Math.min(Integer.MAX_VALUE, (long) limit + waiting.size());
        List<Alert> stored = query("SELECT " + COLUMNS + " FROM alerts" + where
                + " ORDER BY raised_at DESC, id DESC LIMIT ?", ps -> {
                    int i = 1;
                    if (bed != null) {
                        ps.setString(i++, bed);
                    }
                    ps.setInt(i, rows);
                });
        return merge(stored, waiting, a -> (!openOnly || a.open()) && (bed == null || a.bed().equals(bed)),
                Comparator.comparingLong(Alert::raisedAtMillis).thenComparingLong(Alert::id).reversed(), limit);
    }

    @Override
    public List<Alert> raisedBetween(long fromMillis, long toMillis) {
        Map<Long, Alert> waiting = unstored.alerts();
        List<Alert> stored = query("SELECT " + COLUMNS + " FROM alerts WHERE raised_at >= ? AND raised_at < ?", ps -> {
            ps.setLong(1, fromMillis);
            ps.setLong(2, toMillis);
        });
        return merge(stored, waiting, a -> a.raisedAtMillis() >= fromMillis && a.raisedAtMillis() < toMillis,
                Comparator.comparingLong(Alert::raisedAtMillis).thenComparingLong(Alert::id), Integer.MAX_VALUE);
    }

    private static List<Alert> merge(List<Alert> stored, Map<Long, Alert> waiting, Predicate<Alert> wanted,
                                     Comparator<Alert> order, int limit) {
        Map<Long, Alert> byId = new LinkedHashMap<>();
        stored.forEach(a -> byId.put(a.id(), a));
        byId.putAll(waiting);
        return byId.values().stream().filter(wanted).sorted(order).limit(limit).toList();
    }

    @Override
    public List<AlertEvent> history(long alertId) {
        List<UnstoredAlerts.Event> waiting = unstored.eventsOf(alertId);
        Map<Long, AlertEvent> byId = new java.util.TreeMap<>();
        synchronized (reader) {
            try (PreparedStatement ps = reader.prepareStatement("SELECT " + EVENT_COLUMNS
                    + " FROM alert_events WHERE alert_id = ? ORDER BY id")) {
                ps.setLong(1, alertId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byId.put(rs.getLong(1), new AlertEvent(rs.getLong(2), rs.getLong(3), rs.getString(4),
                                rule(rs.getString(5)), rs.getString(6), priority(rs.getString(7)),
                                WireNamed.byWireName(AlertEventType.class, rs.getString(8)).orElseThrow(),
                                rs.getDouble(9), rs.getString(10), rs.getInt(11), nullableLong(rs, 12)));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read alert history: " + e.getMessage(), e);
            }
        }
        waiting.forEach(x -> byId.put(x.id(), x.event()));
        return List.copyOf(byId.values());
    }

    @Override
    public List<Suppression> suppressions(String bed, long atMillis) {
        Map<Long, Suppression> byId = new java.util.TreeMap<>();
        Map<Long, Suppression> waiting = unstored.suppressions();
        synchronized (reader) {
            try (PreparedStatement ps = reader.prepareStatement("SELECT id, bed, rules, all_physiological, from_at,"
                    + " until_at, reason, user, ended_at FROM suppressions WHERE from_at <= ? AND until_at > ?"
                    + " AND (ended_at IS NULL OR ended_at > ?)" + (bed == null ? "" : " AND bed = ?"))) {
                ps.setLong(1, atMillis);
                ps.setLong(2, atMillis);
                ps.setLong(3, atMillis);
                if (bed != null) {
                    ps.setString(4, bed);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        java.util.Set<Rule> rules = java.util.EnumSet.noneOf(Rule.class);
                        for (String r : rs.getString(3).split(",")) {
                            if (!r.isBlank()) {
                                rules.add(rule(r));
                            }
                        }
                        byId.put(rs.getLong(1), new Suppression(rs.getLong(1), rs.getString(2), rules,
                                rs.getInt(4) != 0, rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getString(8),
                                nullableLong(rs, 9)));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read suppressions: " + e.getMessage(), e);
            }
        }
        byId.putAll(waiting);
        return byId.values().stream().filter(x -> bed == null || x.bed().equals(bed))
                .filter(x -> x.fromMillis() <= atMillis && x.untilMillis() > atMillis
                        && (x.endedAtMillis() == null || x.endedAtMillis() > atMillis))
                .toList();
    }

    /**
     * Commits what waits and closes; what still cannot be stored is named in the log, the only record left of
     * it once the process ends.
     */
    @Override
    public synchronized void close() {
        commit();
        UnstoredAlerts.Batch lost = unstored.batch();
        if (!lost.isEmpty()) {
            LOG.error("stopping with {} alert(s) and {} alert event(s) not stored in {}: {}", lost.alerts().size(),
                    lost.events().size(), file, lost.events().stream().map(x -> x.event().bed() + " "
                            + x.event().rule() + " " + x.event().event().wireName() + " at "
                            + java.time.Instant.ofEpochMilli(x.event().atMillis())).toList());
        }
        try {
            reader.close();
            writer.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Alert> query(String sql, Binder binder) {
        List<Alert> out = new ArrayList<>();
        synchronized (reader) {
            try (PreparedStatement ps = reader.prepareStatement(sql)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read alerts: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Alert read(ResultSet rs) throws SQLException {
        return new Alert(rs.getLong(1), rs.getString(2), rule(rs.getString(3)), rs.getString(4),
                priority(rs.getString(5)), WireNamed.byWireName(AlertState.class, rs.getString(6)).orElseThrow(),
                rs.getLong(7), nullableLong(rs, 8), rs.getString(9), rs.getString(10), nullableLong(rs, 11),
                rs.getDouble(12), rs.getString(13), rs.getInt(14), nullableLong(rs, 15));
    }

    /** Binds an alert's columns but its id, from parameter {@code first} on. */
    private static void bind(PreparedStatement ps, Alert a, int first) throws SQLException {
        int i = first;
        ps.setString(i++, a.bed());
        ps.setString(i++, a.rule().name());
        ps.setString(i++, a.key());
        ps.setString(i++, a.priority().wireName());
        ps.setString(i++, a.state().wireName());
        ps.setLong(i++, a.raisedAtMillis());
        setLong(ps, i++, a.acknowledgedAtMillis());
        ps.setString(i++, a.acknowledgedBy());
        ps.setString(i++, a.ackComment());
        setLong(ps, i++, a.clearedAtMillis());
        ps.setDouble(i++, a.value());
        ps.setString(i++, a.message());
        ps.setInt(i++, a.level());
        setLong(ps, i, a.observedAtMillis());
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, v);
        }
    }

    private static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Rule rule(String name) {
        return Rule.byName(name).orElseThrow(() -> new IllegalStateException("unknown rule in database: " + name));
    }

    private static Priority priority(String name) {
        return WireNamed.byWireName(Priority.class, name).orElseThrow();
    }
}
