package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertEngine;
import org.ecmomonitor.alerts.AlertState;
import org.ecmomonitor.alerts.AuditEntry;
import org.ecmomonitor.alerts.AuditLog;
import org.ecmomonitor.alerts.EscalationPolicy;
import org.ecmomonitor.alerts.InMemoryAlertRepository;
import org.ecmomonitor.alerts.InMemoryAuditLog;
import org.ecmomonitor.alerts.LiveAlerts;
import org.ecmomonitor.alerts.Priority;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.dashboards.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: while the disk was full, sign-in and acknowledge answered 500 with a stack trace in the log. Storage
 * refusing is now a 503 with a JSON reason, and nothing is half done.
 */
class StorageFullRoutesTest {
    private final ObjectMapper json = new ObjectMapper();

    /** An audit log on a full disk, until {@link #full} is cleared. */
    private static final class FullDiskAudit implements AuditLog {
        volatile boolean full;
        final InMemoryAuditLog stored = new InMemoryAuditLog();

        @Override
        public void audit(long atMillis, String user, String action, String target, String detail) {
            if (full) {
                throw new IllegalStateException("cannot write the audit log", new SQLException(
                        "[SQLITE_FULL] Insertion failed because database is full (database or disk is full)"));
            }
            stored.audit(atMillis, user, action, target, detail);
        }

        @Override
        public List<AuditEntry> auditLog(int limit) {
            return stored.auditLog(limit);
        }
    }

    @Test
    void signInWhileTheAuditLogCannotBeWrittenIsA503WithAReason(@TempDir Path dir) throws Exception {
        FullDiskAudit audit = new FullDiskAudit();
        try (ApiServer server = new ApiServer(dir, audit, Clock.systemUTC(), routes -> { })) {
            audit.full = true;
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.base + "/api/login")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\": \"nurse.one\", \"password\": \""
                            + ApiServer.PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(json.readTree(r.body()).get("error").asText()).startsWith("storage full or unavailable")
                    .contains("try again");

            audit.full = false;
            assertThat(server.signIn(Role.NURSE)).isNotNull();
        }
    }

    @Test
    void anAcknowledgementThatCannotBeAuditedIsA503AndLeavesTheAlertActiveUntilRetried(@TempDir Path dir)
            throws Exception {
        FullDiskAudit audit = new FullDiskAudit();
        InMemoryAlertRepository repository = new InMemoryAlertRepository();
        long now = Clock.systemUTC().millis();
        long id = repository.create(new Alert(0, "B3", Rule.LACTATE_HIGH, "", Priority.MEDIUM, AlertState.ACTIVE,
                now - 60_000, null, null, null, null, 4.2, "lactate 4.2 mmol/L", 1));
        try (LiveAlerts alerts = new LiveAlerts(new AlertEngine(repository, audit, Map.of(), EscalationPolicy.DEFAULT,
                now), Clock.systemUTC(), new SimpleMeterRegistry());
             ApiServer server = new ApiServer(dir, audit, Clock.systemUTC(),
                     routes -> AlertActionRoutes.register(routes, alerts))) {
            alerts.start(Map.of());
            ApiServer.Client nurse = server.signIn(Role.NURSE);
            audit.full = true;

            HttpResponse<String> refused = nurse.send("POST", "/api/alerts/" + id + "/ack", "{}");

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(json.readTree(refused.body()).get("error").asText()).contains("storage full or unavailable");
            assertThat(repository.find(id)).get().extracting(Alert::state).isEqualTo(AlertState.ACTIVE);

            audit.full = false;
            HttpResponse<String> retried = nurse.send("POST", "/api/alerts/" + id + "/ack", "{}");
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
            assertThat(json.readTree(retried.body()).get("state").asText()).isEqualTo("acknowledged");
        }
    }
}
