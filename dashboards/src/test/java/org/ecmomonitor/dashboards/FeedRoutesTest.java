package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ecmomonitor.dashboards.auth.Role;
import org.ecmomonitor.ingest.Feed;
import org.ecmomonitor.ingest.FeedStatus;
import org.ecmomonitor.ingest.RejectReason;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The feed console's API: status with dead letters, and a biomedical engineer's edit applied at once. */
class FeedRoutesTest {
    @TempDir
    Path dir;
    private FullApi api;
    private ApiServer.Client biomed;

    @BeforeEach
    void start() throws Exception {
        api = new FullApi(dir, Clock.systemUTC());
        biomed = api.server.signIn(Role.BIOMED);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonNode feed(String device) throws Exception {
        for (JsonNode f : biomed.json("/api/feeds")) {
            if (f.get("device").asText().equals(device)) {
                return f;
            }
        }
        throw new AssertionError("no feed " + device);
    }

    @Test
    void showsStatusRatesRejectionsAndTheRawRejectedPayload() throws Exception {
        String now = Instant.now().toString();
        api.publish("icu/B1/console", "{\"ts\": \"" + now + "\", \"signal\": \"map\", \"value\": 63, \"unit\": \"mmHg\"}");
        api.publish("icu/B1/console", "{\"ts\": \"" + now + "\", \"signal\": \"ART_MEAN\", \"value\": 63}");
        api.publish("icu/B1/console", "{not json");
        JsonNode f = feed("console");
        assertThat(f.get("status").asText()).isEqualTo("live");
        assertThat(f.get("lastBed").asText()).isEqualTo("B1");
        assertThat(f.get("messagesPerMinute").asLong()).isEqualTo(3);
        assertThat(f.get("samplesPerMinute").asLong()).isEqualTo(1);
        assertThat(f.at("/rejected/malformed_json").asLong()).isEqualTo(1);
        assertThat(f.at("/rejected/unknown_signal").asLong()).isEqualTo(1);
        assertThat(f.get("rejectedTotal").asLong()).isEqualTo(2);
        assertThat(f.get("signalsSeen")).extracting(JsonNode::asText).containsExactly("map");
        assertThat(f.get("deadLetters")).extracting(d -> d.get("raw").asText()).contains("{not json");
        assertThat(f.get("deadLetters").get(0).get("rejections").get(0).get("reason").asText()).isNotBlank();
    }

    @Test
    void eachDeviceShowsItsClockOffsetOrNullWhileThereIsNoEstimate() throws Exception {
        String now = Instant.now().toString();
        for (String device : new String[] {"console", "monitor", "nirs"}) {
            api.publish("icu/B1/" + device, "{\"ts\": \"" + now + "\", \"signal\": \"map\", \"value\": 63,"
                    + " \"unit\": \"mmHg\"}");
        }
        api.clockOffsets.put("console", 42_000L);
        api.clockOffsets.put("monitor", -8_000L);
        assertThat(feed("console").get("clockOffsetMillis").asLong()).as("receipt - ts: 42 s behind")
                .isEqualTo(42_000);
        assertThat(feed("monitor").get("clockOffsetMillis").asLong()).as("8 s ahead").isEqualTo(-8_000);
        JsonNode nirs = feed("nirs");
        assertThat(nirs.has("clockOffsetMillis")).isTrue();
        assertThat(nirs.get("clockOffsetMillis").isNull()).isTrue();
        HttpResponse<String> edited = biomed.send("PUT", "/api/feeds/console", "{\"expectedBed\": \"B1\"}");
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(201);
        assertThat(edited.body()).contains("\"clockOffsetMillis\":42000");
    }

    @Test
    void anAliasAddedInTheConsoleAcceptsTheNextSample() throws Exception {
        String now = Instant.now().toString();
        String sample = "{\"ts\": \"" + now + "\", \"signal\": \"ART_MEAN\", \"value\": 61, \"unit\": \"mmHg\"}";
        api.publish("icu/B1/monitor", sample);
        assertThat(feed("monitor").get("samplesPerMinute").asLong()).isZero();
        HttpResponse<String> r = biomed.send("PUT", "/api/feeds/monitor",
                "{\"aliases\": {\"ART_MEAN\": \"map\"}, \"expectedBed\": \"B1\", \"expectedSignals\": [\"map\", \"sbp\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        api.publish("icu/B1/monitor", sample);
        JsonNode f = feed("monitor");
        assertThat(f.get("samplesPerMinute").asLong()).isEqualTo(1);
        assertThat(f.at("/aliases/ART_MEAN").asText()).isEqualTo("map");
        assertThat(f.get("missingSignals")).extracting(JsonNode::asText).containsExactly("sbp");
        assertThat(api.audit.auditLog(5)).anySatisfy(e -> {
            assertThat(e.user()).isEqualTo("biomed.one");
            assertThat(e.action()).isEqualTo("create feed");
            assertThat(e.detail()).contains("ART_MEAN");
        });
    }

    @Test
    void aPasswordIsStoredHashedAndNeverShown() throws Exception {
        HttpResponse<String> r = biomed.send("PUT", "/api/feeds/pump7", "{\"password\": \"pump-secret-7\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).doesNotContain("pump-secret-7").contains("\"signIn\":true");
        assertThat(api.feeds.checkPassword("pump7", "pump-secret-7".toCharArray())).isTrue();
        assertThat(biomed.json("/api/feeds").toString()).doesNotContain("pump-secret-7");
        assertThat(api.audit.auditLog(5).toString()).doesNotContain("pump-secret-7");
        assertThat(biomed.send("PUT", "/api/feeds/pump7", "{\"removePassword\": true}").statusCode()).isEqualTo(200);
        assertThat(api.feeds.find("pump7").orElseThrow().requiresSignIn()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"aliases\": {\"ART_MEAN\": \"pressure\"}}", "{\"aliases\": [\"map\"]}",
        "{\"expectedBed\": \"B 1\"}", "{\"expectedSignals\": [\"map\", \"mood\"]}", "{\"expectedSignals\": \"map\"}",
        "{\"password\": \"short\"}", "{\"password\": \"long-enough-1\", \"removePassword\": true}",
        "{\"aliases\": {\"\": \"map\"}}", "{\"colour\": \"red\"}", "{\"password\": 12345678}", "not json"})
    void badFeedEditsAre400AndChangeNothing(String body) throws Exception {
        HttpResponse<String> r = biomed.send("PUT", "/api/feeds/console", body);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        assertThat(r.body()).contains("\"error\"");
        assertThat(api.feeds.find("console")).isEmpty();
    }

    @Test
    void reservedAndMalformedDeviceIdsAreRefused() throws Exception {
        assertThat(biomed.send("PUT", "/api/feeds/context", "{}").statusCode()).isEqualTo(400);
        assertThat(biomed.send("PUT", "/api/feeds/a%20b", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void onlyABiomedicalEngineerEditsFeeds() throws Exception {
        for (Role r : new Role[] {Role.NURSE, Role.INTENSIVIST, Role.ADMIN}) {
            ApiServer.Client c = api.server.signIn(r);
            assertThat(c.get("/api/feeds").statusCode()).isEqualTo(200);
            assertThat(c.send("PUT", "/api/feeds/console", "{}").statusCode()).as(r.name()).isEqualTo(403);
        }
    }

    @Test
    void statusIsNeverSeenLiveOrStaleByTheShortestStaleLimit() {
        long now = 1_000_000_000L;
        Feed console = new Feed("c", null, null, Map.of(), Set.of(Signal.ECMO_FLOW));
        FeedStatus never = new FeedStatus("c", true, null, null, null, 0, 0, Map.of(), Set.of());
        FeedStatus seen = new FeedStatus("c", true, null, now - 11_000, "B1", 0, 0, Map.of(RejectReason.BAD_TOPIC, 1L),
                Set.of(Signal.MAP));
        assertThat(FeedRoutes.status(never, Optional.of(console), now)).isEqualTo("never_seen");
        assertThat(FeedRoutes.status(seen, Optional.of(console), now)).isEqualTo("stale");
        assertThat(FeedRoutes.status(seen, Optional.empty(), now)).isEqualTo("live");
        FeedStatus lab = new FeedStatus("lab", false, null, now - 3_600_000, "B1", 0, 0, Map.of(),
                Set.of(Signal.LACTATE));
        assertThat(FeedRoutes.status(lab, Optional.empty(), now)).isEqualTo("live");
    }
}
