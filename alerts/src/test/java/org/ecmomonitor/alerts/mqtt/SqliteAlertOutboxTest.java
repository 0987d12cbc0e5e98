package org.ecmomonitor.alerts.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.ecmomonitor.alerts.sqlite.SqliteAlertOutbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAlertOutboxTest {
    @TempDir
    Path dir;

    @Test
    void keepsMessagesInOrderAcrossARestartAndDropsTheOldestPastItsBound() throws Exception {
        try (SqliteAlertOutbox outbox = new SqliteAlertOutbox(dir.resolve("monitor.db"), 3)) {
            for (int i = 1; i <= 3; i++) {
                assertThat(outbox.add("alerts/B1/MAP_LOW", "{\"n\":" + i + "}")).isZero();
            }
            assertThat(outbox.add("alerts/B1/MAP_LOW", "{\"n\":4}")).isEqualTo(1);
            assertThat(outbox.dropped()).isEqualTo(1);
        }
        try (SqliteAlertOutbox outbox = new SqliteAlertOutbox(dir.resolve("monitor.db"), 3)) {
            var waiting = outbox.oldest(10);
            assertThat(waiting).extracting(SqliteAlertOutbox.Message::payload)
                    .containsExactly("{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
            outbox.delete(waiting.get(0).id());
            assertThat(outbox.size()).isEqualTo(2);
        }
    }
}
