package org.ecmomonitor.ingest.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecmomonitor.ingest.CannulaSide;
import org.ecmomonitor.ingest.ContextField;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.EcmoConfig;
import org.ecmomonitor.ingest.EcmoMode;
import org.ecmomonitor.ingest.Feed;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRepositoriesTest {
    @TempDir
    Path dir;

    @Test
    void feedsSurviveAReopen() throws Exception {
        Feed f = new Feed("console-b1", "B1", "pbkdf2-sha256$1$AA$AA", Map.of("ABP_MEAN", Signal.MAP),
                Set.of(Signal.MAP, Signal.ECMO_FLOW));
        try (SqliteFeedRepository repo = new SqliteFeedRepository(dir.resolve("monitor.db"))) {
            repo.save(f);
            repo.save(Feed.open("other"));
            repo.delete("other");
        }
        try (SqliteFeedRepository repo = new SqliteFeedRepository(dir.resolve("monitor.db"))) {
            assertThat(repo.loadAll()).containsExactly(f);
        }
    }

    @Test
    void contextIsAppliedInOrderAndSurvivesAReopen() throws Exception {
        try (SqliteContextRepository repo = new SqliteContextRepository(dir.resolve("monitor.db"))) {
            repo.save(List.of(
                    new ContextUpdate("B1", 1, new PatientContext(80.0, CannulaSide.LEFT, EcmoMode.RUNNING, false,
                            70.0, null, 68.0, null), Set.of()),
                    new ContextUpdate("B1", 2, new PatientContext(null, CannulaSide.RIGHT, null, true, null, null,
                            null, null), Set.of(ContextField.NIRS_BASELINE_LEFT))));
        }
        try (SqliteContextRepository repo = new SqliteContextRepository(dir.resolve("monitor.db"))) {
            assertThat(repo.current()).containsEntry("B1", new PatientContext(80.0, CannulaSide.RIGHT,
                    EcmoMode.RUNNING, true, 70.0, null, null, null));
        }
    }

    @Test
    void v2ContextFieldsSurviveAReopen() throws Exception {
        PatientContext v2 = new PatientContext(3.2, CannulaSide.LEFT, EcmoMode.RUNNING, null, null, null, null, null,
                EcmoConfig.VA_CENTRAL, 1_763_700_000_123L, 0.35, 0.6);
        try (SqliteContextRepository repo = new SqliteContextRepository(dir.resolve("monitor.db"))) {
            repo.save(List.of(new ContextUpdate("B1", 1, v2, Set.of()),
                    new ContextUpdate("B2", 1, v2, Set.of()),
                    new ContextUpdate("B2", 2, PatientContext.EMPTY, Set.of(ContextField.ECMO_CONFIG,
                            ContextField.OXYGENATOR_CHANGED_AT, ContextField.ANTI_XA_MAX))));
        }
        try (SqliteContextRepository repo = new SqliteContextRepository(dir.resolve("monitor.db"))) {
            assertThat(repo.current()).containsEntry("B1", v2).containsEntry("B2", new PatientContext(3.2,
                    CannulaSide.LEFT, EcmoMode.RUNNING, null, null, null, null, null, null, null, 0.35, null));
        }
    }

    @Test
    void aDatabaseMadeBeforeV2GainsTheNewColumnsAndKeepsItsContext() throws Exception {
        Path db = dir.resolve("monitor.db");
        try (Connection c = SqliteDatabase.open(db)) {
            SqliteDatabase.execute(c, """
                    CREATE TABLE bed_context (
                      bed TEXT PRIMARY KEY, ts INTEGER NOT NULL, weight_kg REAL, arterial_cannula_side TEXT,
                      ecmo_mode TEXT, crrt INTEGER, map_target REAL, ecmo_flow_min REAL, nirs_baseline_left REAL,
                      nirs_baseline_right REAL);
                    CREATE TABLE context_history (
                      id INTEGER PRIMARY KEY AUTOINCREMENT, bed TEXT NOT NULL, ts INTEGER NOT NULL, weight_kg REAL,
                      arterial_cannula_side TEXT, ecmo_mode TEXT, crrt INTEGER, map_target REAL, ecmo_flow_min REAL,
                      nirs_baseline_left REAL, nirs_baseline_right REAL);
                    INSERT INTO bed_context VALUES ('B1', 1, 80.0, 'left', 'running', 0, 70.0, 1.5, 68.0, 70.0);
                    INSERT INTO context_history (bed, ts, weight_kg, arterial_cannula_side, ecmo_mode, crrt,
                      map_target, ecmo_flow_min, nirs_baseline_left, nirs_baseline_right)
                      VALUES ('B1', 1, 80.0, 'left', 'running', 0, 70.0, 1.5, 68.0, 70.0)""");
        }
        PatientContext v1 = new PatientContext(80.0, CannulaSide.LEFT, EcmoMode.RUNNING, false, 70.0, 1.5, 68.0, 70.0);
        try (SqliteContextRepository repo = new SqliteContextRepository(db)) {
            assertThat(repo.current()).containsExactly(Map.entry("B1", v1));
            repo.save(List.of(new ContextUpdate("B1", 2, new PatientContext(null, null, null, null, null, null, null,
                    null, EcmoConfig.VV, 1_763_700_000_000L, 0.2, 0.5), Set.of())));
        }
        PatientContext after = new PatientContext(80.0, CannulaSide.LEFT, EcmoMode.RUNNING, false, 70.0, 1.5, 68.0,
                70.0, EcmoConfig.VV, 1_763_700_000_000L, 0.2, 0.5);
        try (SqliteContextRepository repo = new SqliteContextRepository(db)) {
            assertThat(repo.current()).containsExactly(Map.entry("B1", after));
        }
        try (Connection c = SqliteDatabase.open(db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ecmo_config, oxygenator_changed_at, anti_xa_min, anti_xa_max"
                     + " FROM context_history ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isNull();
            assertThat(rs.getObject(2)).isNull();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("vv");
            assertThat(rs.getLong(2)).isEqualTo(1_763_700_000_000L);
            assertThat(rs.getDouble(3)).isEqualTo(0.2);
            assertThat(rs.getDouble(4)).isEqualTo(0.5);
            assertThat(rs.next()).isFalse();
        }
    }
}
