package org.ecmomonitor.ingest.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecmomonitor.ingest.CannulaSide;
import org.ecmomonitor.ingest.ContextField;
import org.ecmomonitor.ingest.ContextUpdate;
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
}
