package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.alerts.AlertEvent;
import org.ecmomonitor.alerts.AlertEventType;
import org.ecmomonitor.alerts.Priority;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.dashboards.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pages, their files, and the live WebSocket feed, over real HTTP. */
class PagesAndLiveFeedTest {
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;
    private FullApi api;
    private ApiServer.Client nurse;

    @BeforeEach
    void start() throws Exception {
        api = new FullApi(dir, Clock.systemUTC());
        nurse = api.server.signIn(Role.NURSE);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/beds/B1", "/feeds", "/admin"})
    void pagesSendStrangersToSignInAndBack(String page) throws Exception {
        HttpResponse<String> r = api.server.stranger().get(page);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("location").orElseThrow())
                .isEqualTo("/login?next=" + page.replace("/", "%2F"));
        HttpResponse<String> signedIn = nurse.get(page);
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
        assertThat(signedIn.body()).contains("<script type=\"module\" src=\"/static/");
    }

    @Test
    void theSignInPageScriptsStylesAndChartLibraryArePublic() throws Exception {
        ApiServer.Client stranger = api.server.stranger();
        assertThat(stranger.get("/login").body()).contains("id=\"login-form\"");
        HttpResponse<String> js = stranger.get("/static/board.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("content-type").orElseThrow()).startsWith("text/javascript");
        assertThat(stranger.get("/static/app.css").headers().firstValue("content-type").orElseThrow())
                .startsWith("text/css");
        HttpResponse<String> charts = stranger.get("/vendor/echarts.js");
        assertThat(charts.statusCode()).isEqualTo(200);
        assertThat(charts.body().length()).isGreaterThan(500_000);
        assertThat(PageRoutes.echartsVersion()).matches("\\d+\\.\\d+\\.\\d+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static/..%2Fboard.html", "/static/../../etc/passwd", "/static/nope.js",
        "/static/Board.JS", "/static/board.html", "/static/%2e%2e%2fapp.css"})
    void noFileOutsideTheStaticFolderIsServed(String path) throws Exception {
        assertThat(api.server.stranger().get(path).statusCode()).as(path).isEqualTo(404);
    }

    /** Collects the text messages of one WebSocket. */
    private static final class Listener implements WebSocket.Listener {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(new ObjectMapper().readTree(partial.toString()));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    private CompletableFuture<WebSocket> open(String cookie, String origin, Listener listener) {
        return open("/ws", cookie, origin, listener);
    }

    private CompletableFuture<WebSocket> open(String path, String cookie, String origin, Listener listener) {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return b.buildAsync(URI.create(api.server.base.replace("http", "ws") + path), listener);
    }

    @Test
    void theLiveFeedSendsChangedBedsEachTickAndEveryAlertEvent() throws Exception {
        Listener l = new Listener();
        WebSocket ws = open(nurse.cookie(), api.server.base, l).get(5, TimeUnit.SECONDS);
        await().until(() -> !l.messages.isEmpty());
        assertThat(l.messages.get(0).get("type").asText()).isEqualTo("hello");
        assertThat(l.messages.get(0).get("user").asText()).isEqualTo("nurse.one");
        api.publish("icu/B1/console", "{\"ts\": \"" + Instant.now() + "\", \"signal\": \"map\", \"value\": 64,"
                + " \"unit\": \"mmHg\"}");
        api.server.liveFeed.tick();
        await().untilAsserted(() -> assertThat(l.messages).anySatisfy(m -> {
            assertThat(m.get("type").asText()).isEqualTo("values");
            assertThat(m.get("bed").asText()).isEqualTo("B1");
            assertThat(m.at("/values/map/value").asDouble()).isEqualTo(64.0);
        }));
        int before = l.messages.size();
        api.server.liveFeed.tick();
        assertThat(l.messages).as("nothing changed, nothing sent").hasSize(before);
        api.server.liveFeed.onAlertEvent(new AlertEvent(7, Instant.parse("2026-11-21T08:15:05Z").toEpochMilli(), "B1",
                Rule.MAP_LOW, "", Priority.MEDIUM, AlertEventType.RAISED, 61, "MAP 61 mmHg below target 65 for 5 min",
                1));
        await().untilAsserted(() -> assertThat(l.messages).anySatisfy(m -> {
            assertThat(m.get("type").asText()).isEqualTo("alert");
            assertThat(m.get("at").asText()).isEqualTo("2026-11-21T08:15:05Z");
            assertThat(m.get("rule").asText()).isEqualTo("MAP_LOW");
            assertThat(m.get("event").asText()).isEqualTo("raised");
            assertThat(m.get("priority").asText()).isEqualTo("medium");
            assertThat(m.get("kind").asText()).isEqualTo("physiological");
            assertThat(m.get("alertId").asLong()).isEqualTo(7);
        }));
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aLiveAlertSaysWhenItsResultWasObservedAndADeviceClockAlertNamesItsDevice() throws Exception {
        Listener l = new Listener();
        open(nurse.cookie(), null, l).get(5, TimeUnit.SECONDS);
        await().until(() -> api.server.liveFeed.sockets() == 1);
        long reported = Instant.parse("2026-11-21T08:05:00Z").toEpochMilli();
        api.server.liveFeed.onAlertEvent(new AlertEvent(9, reported, "B3", Rule.LACTATE_HIGH, "", Priority.MEDIUM,
                AlertEventType.RAISED, 4.2, "lactate 4.2 mmol/L", 1,
                Instant.parse("2026-11-21T07:20:00Z").toEpochMilli()));
        api.server.liveFeed.onAlertEvent(new AlertEvent(10, reported, "B3", Rule.DEVICE_CLOCK, "console-b3",
                Priority.LOW, AlertEventType.RAISED, 42, "console-b3 clock 42 s behind the server", 1));
        await().untilAsserted(() -> assertThat(l.messages).filteredOn(m -> m.get("type").asText().equals("alert"))
                .hasSize(2));
        List<JsonNode> alerts = l.messages.stream().filter(m -> m.get("type").asText().equals("alert")).toList();
        assertThat(alerts.get(0).get("at").asText()).isEqualTo("2026-11-21T08:05:00Z");
        assertThat(alerts.get(0).get("observedAt").asText()).isEqualTo("2026-11-21T07:20:00Z");
        assertThat(alerts.get(1).get("device").asText()).isEqualTo("console-b3");
        assertThat(alerts.get(1).has("signal")).isFalse();
        assertThat(alerts.get(1).has("observedAt")).isFalse();
    }

    /** Issue 14: an alert event monitor.db could not store yet is still sent, and says so. */
    @Test
    void aLiveAlertNotYetStoredSaysSo() throws Exception {
        Listener l = new Listener();
        open(nurse.cookie(), null, l).get(5, TimeUnit.SECONDS);
        await().until(() -> api.server.liveFeed.sockets() == 1);
        api.server.unstored.add(11L);
        long now = Instant.now().toEpochMilli();
        api.server.liveFeed.onAlertEvent(new AlertEvent(11, now, "B3", Rule.LACTATE_HIGH, "", Priority.MEDIUM,
                AlertEventType.RAISED, 4.2, "lactate 4.2 mmol/L", 1));
        api.server.liveFeed.onAlertEvent(new AlertEvent(12, now, "B4", Rule.MAP_LOW, "", Priority.MEDIUM,
                AlertEventType.RAISED, 61, "MAP 61 mmHg", 1));
        await().untilAsserted(() -> assertThat(l.messages).filteredOn(m -> m.get("type").asText().equals("alert"))
                .hasSize(2));
        List<JsonNode> alerts = l.messages.stream().filter(m -> m.get("type").asText().equals("alert")).toList();
        assertThat(alerts.get(0).get("stored").asBoolean(true)).isFalse();
        assertThat(alerts.get(1).has("stored")).isFalse();
    }

    @Test
    void aClientMayAskForAlertEventsOnly() throws Exception {
        Listener alertsOnly = new Listener();
        open("/ws?values=none", nurse.cookie(), null, alertsOnly).get(5, TimeUnit.SECONDS);
        Listener everything = new Listener();
        open("/ws?values=all", nurse.cookie(), null, everything).get(5, TimeUnit.SECONDS);
        await().until(() -> api.server.liveFeed.sockets() == 2);
        api.publish("icu/B1/console", "{\"ts\": \"" + Instant.now() + "\", \"signal\": \"map\", \"value\": 64,"
                + " \"unit\": \"mmHg\"}");
        api.server.liveFeed.tick();
        api.server.liveFeed.onAlertEvent(new AlertEvent(8, Instant.now().toEpochMilli(), "B1", Rule.MAP_LOW, "",
                Priority.MEDIUM, AlertEventType.RAISED, 61, "MAP 61 mmHg below target 65 for 5 min", 1));
        await().untilAsserted(() -> assertThat(everything.messages).extracting(m -> m.get("type").asText())
                .contains("hello", "values", "alert"));
        await().untilAsserted(() -> assertThat(alertsOnly.messages).extracting(m -> m.get("type").asText())
                .containsExactly("hello", "alert"));
        assertThatThrownBy(() -> open("/ws?values=some", nurse.cookie(), null, new Listener()).get(5,
                TimeUnit.SECONDS)).rootCause().hasMessageContaining("400");
    }

    @Test
    void aSocketIsClosedWhenItsSessionEnds() throws Exception {
        Listener l = new Listener();
        open(nurse.cookie(), null, l).get(5, TimeUnit.SECONDS);
        await().until(() -> api.server.liveFeed.sockets() == 1);
        nurse.send("POST", "/api/logout", null);
        api.server.liveFeed.tick();
        await().until(() -> api.server.liveFeed.sockets() == 0);
    }

    @Test
    void strangersAndOtherSitesGetNoLiveFeed() {
        assertThatThrownBy(() -> open(null, null, new Listener()).get(5, TimeUnit.SECONDS))
                .rootCause().hasMessageContaining("401");
        assertThatThrownBy(() -> open(nurse.cookie(), "https://evil.example", new Listener()).get(5, TimeUnit.SECONDS))
                .rootCause().hasMessageContaining("403");
        assertThat(api.server.liveFeed.sockets()).isZero();
    }
}
