package org.ecmomonitor.ingest.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ecmomonitor.ingest.Feed;
import org.ecmomonitor.ingest.FeedRepository;
import org.ecmomonitor.ingest.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feed configuration in {@code monitor.db}, table {@code feeds}; aliases as a JSON object, the beds the device may
 * publish for as a comma-separated list ({@code expected_bed} keeps the first, as a database before bed lists had
 * it; such a database gets the new columns at open and its feeds keep their one bed).
 */
public final class SqliteFeedRepository implements FeedRepository, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteFeedRepository.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS feeds (
              device TEXT PRIMARY KEY, expected_bed TEXT, password_hash TEXT,
              aliases TEXT NOT NULL, expected_signals TEXT NOT NULL)""";

    private final Connection c;

    public SqliteFeedRepository(Path monitorDb) throws SQLException {
        this.c = SqliteDatabase.open(monitorDb);
        SqliteDatabase.execute(c, SCHEMA);
        SqliteDatabase.addColumnIfMissing(c, "feeds", "beds", "TEXT");
        SqliteDatabase.addColumnIfMissing(c, "feeds", "context", "INTEGER NOT NULL DEFAULT 0");
    }

    @Override
    public synchronized List<Feed> loadAll() {
        List<Feed> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT device, expected_bed, password_hash, aliases, expected_signals, beds, context FROM feeds");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    String beds = rs.getString(6);
                    Set<String> bedSet = beds == null
                            ? (rs.getString(2) == null ? Set.of() : Set.of(rs.getString(2)))
                            : new TreeSet<>(List.of(beds.split(","))).stream().filter(b -> !b.isBlank())
                                    .collect(java.util.stream.Collectors.toSet());
                    out.add(new Feed(rs.getString(1), bedSet, rs.getInt(7) != 0, rs.getString(3),
                            aliases(rs.getString(4)), signals(rs.getString(5))));
                } catch (IllegalArgumentException | JsonProcessingException e) {
                    LOG.error("feed {} in the database is unreadable and is skipped: {}", rs.getString(1),
                            e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read feeds: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void save(Feed feed) {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO feeds (device, expected_bed,"
                + " password_hash, aliases, expected_signals, beds, context) VALUES (?,?,?,?,?,?,?)")) {
            Map<String, String> aliases = new TreeMap<>();
            feed.aliases().forEach((k, v) -> aliases.put(k, v.wireName()));
            ps.setString(1, feed.device());
            ps.setString(2, feed.expectedBed());
            ps.setString(3, feed.passwordHash());
            ps.setString(4, JSON.writeValueAsString(aliases));
            ps.setString(5, String.join(",", feed.expectedSignals().stream().map(Signal::wireName).sorted()
                    .toList()));
            ps.setString(6, String.join(",", new TreeSet<>(feed.beds())));
            ps.setInt(7, feed.context() ? 1 : 0);
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot save feed " + feed.device() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void delete(String device) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM feeds WHERE device = ?")) {
            ps.setString(1, device);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete feed " + device + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("closing feed repository: {}", e.getMessage());
        }
    }

    private static Map<String, Signal> aliases(String json) throws JsonProcessingException {
        Map<String, String> raw = JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        Map<String, Signal> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            out.put(e.getKey(), Signal.byWireName(e.getValue()).orElseThrow(
                    () -> new IllegalArgumentException("alias to unknown signal " + e.getValue())));
        }
        return out;
    }

    private static Set<Signal> signals(String csv) {
        Set<Signal> out = EnumSet.noneOf(Signal.class);
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(Signal.byWireName(s).orElseThrow(
                        () -> new IllegalArgumentException("unknown expected signal " + s)));
            }
        }
        return out;
    }
}
