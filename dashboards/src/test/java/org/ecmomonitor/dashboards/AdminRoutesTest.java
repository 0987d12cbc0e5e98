package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.ecmomonitor.alerts.InMemoryAuditLog;
import org.ecmomonitor.dashboards.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Accounts and the audit log: only for admins; every change audited; a changed account is signed out. */
class AdminRoutesTest {
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    @TempDir
    Path dir;
    private ApiServer server;
    private ApiServer.Client admin;

    @BeforeEach
    void start() throws Exception {
        server = new ApiServer(dir, audit, Clock.systemUTC(), routes -> { });
        admin = server.signIn(Role.ADMIN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAdminCreatesAnAccountThatCanSignIn() throws Exception {
        HttpResponse<String> r = admin.send("POST", "/api/accounts",
                "{\"name\": \"nurse.ida\", \"role\": \"nurse\", \"password\": \"ida-password-1\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain("ida-password-1").doesNotContain("$2");
        assertThat(server.signIn("nurse.ida", "ida-password-1").json("/api/session").get("role").asText())
                .isEqualTo("nurse");
        JsonNode list = admin.json("/api/accounts");
        assertThat(list).extracting(a -> a.get("name").asText()).contains("nurse.ida", "admin.one");
        assertThat(list.toString()).doesNotContain("$2");
        assertThat(admin.send("POST", "/api/accounts",
                "{\"name\": \"nurse.ida\", \"role\": \"nurse\", \"password\": \"ida-password-2\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void changingAnAccountSignsItOutAndIsAudited() throws Exception {
        ApiServer.Client nurse = server.signIn(Role.NURSE);
        HttpResponse<String> r = admin.send("PUT", "/api/accounts/nurse.one", "{\"role\": \"intensivist\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(nurse.get("/api/session").statusCode()).isEqualTo(401);
        assertThat(server.signIn(Role.NURSE).json("/api/session").get("role").asText()).isEqualTo("intensivist");
        assertThat(admin.send("PUT", "/api/accounts/nurse.one", "{\"disabled\": true}").statusCode()).isEqualTo(200);
        JsonNode log = admin.json("/api/audit?limit=50");
        assertThat(log).anySatisfy(e -> {
            assertThat(e.get("user").asText()).isEqualTo("admin.one");
            assertThat(e.get("action").asText()).isEqualTo("change account");
            assertThat(e.get("detail").asText()).isEqualTo("disabled");
        });
        assertThat(log.get(0).get("at").asText()).endsWith("Z");
    }

    @Test
    void anAdminCannotLockThemselvesOut() throws Exception {
        assertThat(admin.send("PUT", "/api/accounts/admin.one", "{\"disabled\": true}").statusCode()).isEqualTo(409);
        assertThat(admin.send("PUT", "/api/accounts/admin.one", "{\"role\": \"nurse\"}").statusCode()).isEqualTo(409);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\": \"Nurse Ida\", \"role\": \"nurse\", \"password\": \"long-enough\"}",
        "{\"name\": \"ida\", \"role\": \"surgeon\", \"password\": \"long-enough\"}",
        "{\"name\": \"ida\", \"role\": \"nurse\", \"password\": \"short\"}",
        "{\"name\": \"ida\", \"role\": \"nurse\"}", "{\"name\": \"ida\", \"role\": \"nurse\", \"password\": \"long-enough\","
        + " \"admin\": true}", "{\"name\": 5, \"role\": \"nurse\", \"password\": \"long-enough\"}",
        "{\"name\": \"ida\", \"role\": \"nurse\", \"password\": \"ééééééééééééééééééééééééééééééééééééé\"}"})
    void badAccountsAre400(String body) throws Exception {
        HttpResponse<String> r = admin.send("POST", "/api/accounts", body);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        assertThat(r.body()).contains("\"error\"");
    }

    @Test
    void badChangesAre400Or404() throws Exception {
        assertThat(admin.send("PUT", "/api/accounts/nobody", "{\"disabled\": true}").statusCode()).isEqualTo(404);
        assertThat(admin.send("PUT", "/api/accounts/nurse.one", "{}").statusCode()).isEqualTo(400);
        assertThat(admin.send("PUT", "/api/accounts/nurse.one", "{\"disabled\": \"yes\"}").statusCode()).isEqualTo(400);
        assertThat(admin.get("/api/audit?limit=0").statusCode()).isEqualTo(400);
        assertThat(admin.get("/api/audit?limit=many").statusCode()).isEqualTo(400);
    }

    @Test
    void nobodyButAnAdminSeesAccountsOrTheAuditLog() throws Exception {
        for (Role r : new Role[] {Role.NURSE, Role.INTENSIVIST, Role.BIOMED}) {
            ApiServer.Client c = server.signIn(r);
            assertThat(c.get("/api/accounts").statusCode()).as(r.name()).isEqualTo(403);
            assertThat(c.get("/api/audit").statusCode()).as(r.name()).isEqualTo(403);
            assertThat(c.send("POST", "/api/accounts", "{\"name\": \"x\", \"role\": \"admin\", \"password\":"
                    + " \"long-enough\"}").statusCode()).as(r.name()).isEqualTo(403);
        }
        assertThat(server.stranger().get("/api/audit").statusCode()).isEqualTo(401);
    }
}
