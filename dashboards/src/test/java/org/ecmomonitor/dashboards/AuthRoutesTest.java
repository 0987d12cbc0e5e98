package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.ecmomonitor.alerts.InMemoryAuditLog;
import org.ecmomonitor.dashboards.auth.Permission;
import org.ecmomonitor.dashboards.auth.Role;
import org.ecmomonitor.dashboards.http.Json;
import org.ecmomonitor.ingest.MutableClock;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sign-in, sessions, CSRF and origin checks, over real HTTP. */
class AuthRoutesTest {
    private final ObjectMapper json = new ObjectMapper();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));
    @TempDir
    Path dir;
    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ApiServer(dir, audit, clock, routes -> new PageRoutes().register(routes.add(HttpMethod.POST,
                "/api/poke", Permission.ACKNOWLEDGE, c -> Json.ok(json.createObjectNode().put("by", c.user())))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> login(String body) throws Exception {
        return server.stranger().send("POST", "/api/login", body);
    }

    @Test
    void signInSetsAnHttpOnlySameSiteStrictCookieAndReturnsTheSession() throws Exception {
        HttpResponse<String> r = login("{\"user\": \"nurse.one\", \"password\": \"" + ApiServer.PASSWORD + "\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        String cookie = r.headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie).startsWith("ecmo_session=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").doesNotContain("Secure");
        JsonNode s = json.readTree(r.body());
        assertThat(s.get("user").asText()).isEqualTo("nurse.one");
        assertThat(s.get("role").asText()).isEqualTo("nurse");
        assertThat(s.get("permissions")).extracting(JsonNode::asText).containsExactly("view", "acknowledge");
        assertThat(s.get("csrf").asText()).hasSizeGreaterThan(30);
        assertThat(r.body()).doesNotContain(ApiServer.PASSWORD).doesNotContain(cookie.split(";")[0].split("=")[1]);
        assertThat(audit.auditLog(1).get(0).action()).isEqualTo("sign-in");
    }

    @Test
    void theSessionIsReadBackAndEndsAtSignOut() throws Exception {
        ApiServer.Client nurse = server.signIn(Role.NURSE);
        JsonNode session = nurse.json("/api/session");
        assertThat(session.get("user").asText()).isEqualTo("nurse.one");
        assertThat(session.get("now").asText()).as("the server clock, for ages on the pages")
                .isEqualTo("2026-11-21T08:00:00Z");
        HttpResponse<String> out = nurse.send("POST", "/api/logout", null);
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("set-cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(nurse.get("/api/session").statusCode()).isEqualTo(401);
        assertThat(audit.auditLog(1).get(0).action()).isEqualTo("sign-out");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() throws Exception {
        HttpResponse<String> wrong = login("{\"user\": \"nurse.one\", \"password\": \"wrong-password\"}");
        HttpResponse<String> unknown = login("{\"user\": \"nobody\", \"password\": \"wrong-password\"}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(wrong.headers().firstValue("set-cookie")).isEmpty();
        assertThat(audit.auditLog(5)).extracting(e -> e.action()).containsOnly("sign-in failed");
    }

    private static String credentials(String user, String password) {
        return "{\"user\": \"" + user + "\", \"password\": \"" + password + "\"}";
    }

    /** A sign-in sent from another loopback address (another computer, as the server sees it). */
    private RawHttp.Response loginFrom(String address, String user, String password) throws Exception {
        try (RawHttp raw = new RawHttp(server.port(), address)) {
            raw.write(RawHttp.post("/api/login", "127.0.0.1", credentials(user, password)));
            return raw.read();
        }
    }

    @Test
    void fiveFailuresLockTheNameForAMinuteFromThatAddressOnly() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(loginFrom("127.0.0.2", "nurse.one", "guess-" + i).status()).isEqualTo(401);
        }
        RawHttp.Response locked = loginFrom("127.0.0.2", "nurse.one", ApiServer.PASSWORD);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Retry-After")).isEqualTo("60");
        assertThat(locked.body()).contains("too many failed sign-ins for this name from this computer");
        assertThat(server.signIn(Role.NURSE).json("/api/session").get("user").asText())
                .as("the nurse at her own station is not locked out by guesses from elsewhere").isEqualTo("nurse.one");
        clock.advance(java.time.Duration.ofSeconds(60));
        assertThat(loginFrom("127.0.0.2", "nurse.one", ApiServer.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void oneAddressGuessingManyNamesIsThrottledAndAFloodDoesNotResetTheVictimsLock() throws Exception {
        for (int i = 0; i < 5; i++) {
            loginFrom("127.0.0.3", "nurse.one", "guess-" + i);
        }
        for (int i = 0; i < 15; i++) {
            assertThat(loginFrom("127.0.0.3", "other" + i, "guess").status()).isEqualTo(401);
        }
        RawHttp.Response throttled = loginFrom("127.0.0.3", "someone", "guess");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isEqualTo("600");
        for (int i = 0; i < 200; i++) {
            loginFrom("127.0.1." + (i + 1), "flood" + i, "guess");
        }
        assertThat(loginFrom("127.0.0.3", "nurse.one", ApiServer.PASSWORD).status()).isEqualTo(429);
    }

    @Test
    void failedSignInsAreAuditedOncePerNameAndAddressAMinuteWithTheirCountWhileSuccessesEachGetARow()
            throws Exception {
        for (int i = 0; i < 50; i++) {
            assertThat(login(credentials("nobody", "guess-" + i)).statusCode()).isIn(401, 429);
        }
        assertThat(audit.auditLog(100)).extracting(e -> e.action()).containsExactlyInAnyOrder("sign-in failed",
                "sign-in refused");
        clock.advance(java.time.Duration.ofSeconds(61));
        server.auth.tick();
        assertThat(audit.auditLog(100)).hasSize(4).extracting(e -> e.detail()).contains(
                "4 more in the minute after the first, from 127.0.0.1",
                "44 more in the minute after the first, from 127.0.0.1");
        assertThat(server.meters.get("ecmo.http.signin.failures").counters().stream()
                .mapToDouble(c -> c.count()).sum()).isEqualTo(50);
        server.signIn(Role.NURSE);
        server.signIn(Role.NURSE);
        assertThat(audit.auditLog(2)).extracting(e -> e.action()).containsExactly("sign-in", "sign-in");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%5Cevil.example", "//evil.example", "/\\evil.example", "https://evil.example",
        "/%2F/evil.example", "/%09/evil.example", "evil.example", "/%zz"})
    void signInNeverSendsTheUserOffSite(String next) throws Exception {
        HttpResponse<String> r = login("{\"user\": \"nurse.one\", \"password\": \"" + ApiServer.PASSWORD
                + "\", \"next\": " + json.writeValueAsString(next) + "}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).get("next").asText()).isEqualTo("/");
    }

    @Test
    void signInKeepsAPathOfOursAsNext() throws Exception {
        HttpResponse<String> r = login("{\"user\": \"nurse.one\", \"password\": \"" + ApiServer.PASSWORD
                + "\", \"next\": \"/beds/B3\"}");
        assertThat(json.readTree(r.body()).get("next").asText()).isEqualTo("/beds/B3");
    }

    @Test
    void aGeneratedPasswordOpensOnlyThePasswordChangeUntilItIsChanged() throws Exception {
        server.accounts.create("admin", Role.ADMIN, "generated-password", true);
        ApiServer.Client admin = server.signIn("admin", "generated-password");
        assertThat(admin.json("/api/session").get("passwordChangeRequired").asBoolean()).isTrue();
        HttpResponse<String> accounts = admin.get("/api/accounts");
        assertThat(accounts.statusCode()).isEqualTo(403);
        assertThat(accounts.body()).contains("password change required");
        assertThat(admin.send("POST", "/api/poke", "{}").statusCode()).isEqualTo(403);
        assertThat(admin.send("POST", "/api/password", "{\"current\": \"wrong-password\", \"new\":"
                + " \"my-own-password\"}").statusCode()).isEqualTo(403);
        assertThat(admin.send("POST", "/api/password", "{\"current\": \"generated-password\", \"new\":"
                + " \"generated-password\"}").statusCode()).isEqualTo(400);
        assertThat(server.passwordsChanged).isEmpty();
        HttpResponse<String> changed = admin.send("POST", "/api/password", "{\"current\": \"generated-password\","
                + " \"new\": \"my-own-password\"}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(json.readTree(changed.body()).get("passwordChangeRequired").asBoolean()).isFalse();
        assertThat(server.passwordsChanged).containsExactly("admin");
        assertThat(admin.get("/api/session").statusCode()).as("the old session ended").isEqualTo(401);
        ApiServer.Client renewed = new ApiServer.Client(server, changed.headers().firstValue("set-cookie")
                .orElseThrow().split(";")[0], json.readTree(changed.body()).get("csrf").asText());
        assertThat(renewed.get("/api/accounts").statusCode()).isEqualTo(200);
        assertThat(server.signIn("admin", "my-own-password").get("/api/accounts").statusCode()).isEqualTo(200);
        assertThat(audit.auditLog(10)).extracting(e -> e.action()).contains("password changed");
    }

    @Test
    void aUserWhoMustChangeTheirPasswordIsSentToThePasswordPage() throws Exception {
        server.accounts.create("admin", Role.ADMIN, "generated-password", true);
        ApiServer.Client admin = server.signIn("admin", "generated-password");
        HttpResponse<String> board = admin.get("/admin");
        assertThat(board.statusCode()).isEqualTo(303);
        assertThat(board.headers().firstValue("location")).contains("/password?next=%2Fadmin");
        assertThat(admin.get("/password").statusCode()).isEqualTo(200);
        assertThat(admin.get("/password").body()).contains("Choose your password");
    }

    @Test
    void aDisabledAccountCannotSignIn() throws Exception {
        server.accounts.update("nurse.one", null, null, true);
        assertThat(login("{\"user\": \"nurse.one\", \"password\": \"" + ApiServer.PASSWORD + "\"}").statusCode())
                .isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"user\": \"nurse.one\"}", "{\"user\": 5, \"password\": \"x\"}",
        "{\"user\": \"nurse.one\", \"password\": \"x\", \"remember\": true}", "[]", "nurse.one:secret", ""})
    void malformedSignInsAreBadRequests(String body) throws Exception {
        HttpResponse<String> r = login(body);
        assertThat(r.statusCode()).as(body).isIn(400, 415);
        assertThat(json.readTree(r.body()).get("error").asText()).isNotBlank();
    }

    @Test
    void aSignInPostedAsAFormIsRefused() throws Exception {
        HttpResponse<String> r = server.stranger().send("POST", "/api/login",
                "{\"user\": \"nurse.one\", \"password\": \"" + ApiServer.PASSWORD + "\"}",
                b -> b.setHeader("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(r.statusCode()).isEqualTo(415);
    }

    @Test
    void stateChangesNeedTheSessionsCsrfToken() throws Exception {
        ApiServer.Client nurse = server.signIn(Role.NURSE);
        assertThat(nurse.send("POST", "/api/poke", "{}").statusCode()).isEqualTo(200);
        assertThat(nurse.withCsrf(null).send("POST", "/api/poke", "{}").statusCode()).isEqualTo(403);
        assertThat(nurse.withCsrf("forged").send("POST", "/api/poke", "{}").statusCode()).isEqualTo(403);
        ApiServer.Client other = server.signIn(Role.INTENSIVIST);
        assertThat(nurse.withCsrf(other.csrf()).send("POST", "/api/poke", "{}").statusCode()).isEqualTo(403);
        assertThat(nurse.withCsrf(null).send("POST", "/api/logout", null).statusCode()).isEqualTo(403);
    }

    @Test
    void aRequestFromAnotherSitesPageIsRefusedEvenWithTheToken() throws Exception {
        ApiServer.Client nurse = server.signIn(Role.NURSE);
        HttpResponse<String> r = nurse.send("POST", "/api/poke", "{}", b -> b.header("Origin", "https://evil.example"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("cross-origin");
        HttpResponse<String> ours = nurse.send("POST", "/api/poke", "{}", b -> b.header("Origin", server.base));
        assertThat(ours.statusCode()).isEqualTo(200);
        assertThat(server.stranger().send("POST", "/api/login", "{\"user\": \"nurse.one\", \"password\": \""
                + ApiServer.PASSWORD + "\"}", b -> b.header("Origin", "null")).statusCode()).isEqualTo(403);
    }

    @Test
    void aSessionEndsAfterItsIdleTime() throws Exception {
        ApiServer.Client nurse = server.signIn(Role.NURSE);
        clock.advance(java.time.Duration.ofMinutes(29));
        assertThat(nurse.get("/api/session").statusCode()).isEqualTo(200);
        clock.advance(java.time.Duration.ofMinutes(31));
        assertThat(nurse.get("/api/session").statusCode()).isEqualTo(401);
    }

    @Test
    void aForgedOrMalformedCookieIsNoSession() throws Exception {
        assertThat(new ApiServer.Client(server, "ecmo_session=made-up", "x").get("/api/session").statusCode())
                .isEqualTo(401);
        assertThat(new ApiServer.Client(server, "ecmo_session=\"unterminated; ;; =x", "x").get("/api/session").statusCode())
                .isEqualTo(401);
    }
}
