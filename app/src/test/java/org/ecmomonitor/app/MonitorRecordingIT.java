package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ecmomonitor.alerts.replay.Replay;
import org.ecmomonitor.ingest.InboundMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor with {@code ECMO_RECORD_DIR} set, in process on a free HTTP port, fed through its ingest pipeline as a
 * collector feeds it: what ingest takes is in the day's file as replay lines that replay reads back.
 */
class MonitorRecordingIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A device's message; context as the trusted site broker would send it (anonymous context is refused). */
    private static InboundMessage message(String topic, String json) {
        boolean context = topic.endsWith("/context");
        return new InboundMessage(topic, json.getBytes(StandardCharsets.UTF_8), context ? "broker" : "mqtt", null,
                context);
    }

    @Test
    void whatIngestTakesIsRecordedAsReplayLinesWithItsReceiptTime() throws Exception {
        MonitorConfig config = new ConfigParser(Map.of("ECMO_DATA_DIR", dir.resolve("data").toString(),
                "ECMO_MQTT_PORT", "-1", "ECMO_HTTP_PORT", "0", "ECMO_RECORD_DIR", dir.resolve("record").toString(),
                "ECMO_RECORD_DAYS", "3")).parse(Optional.empty());
        // the server's clock stands still: every message is received at the same, known instant
        Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
        long received = clock.millis();
        try (Monitor monitor = new Monitor(config, clock)) {
            monitor.start();
            long ts = received - 2_000;
            monitor.pipeline().submit(message("icu/B1/context", "{\"ts\": " + ts
                    + ", \"map_target\": 70, \"arterial_cannula_side\": \"left\"}")).get(10, TimeUnit.SECONDS);
            monitor.pipeline().submit(message("icu/B1/console", "{\"samples\": ["
                    + "{\"ts\": " + ts + ", \"signal\": \"map\", \"value\": 8.4, \"unit\": \"kPa\"},"
                    + "{\"ts\": " + ts + ", \"signal\": \"map\", \"value\": 61, \"unit\": \"psi\"},"
                    + "{\"ts\": " + ts + ", \"signal\": \"ecmo_flow\", \"value\": 3500, \"unit\": \"mL/min\","
                    + " \"quality\": \"artifact\"}]}")).get(10, TimeUnit.SECONDS);
        }

        try (Stream<Path> s = Files.list(dir.resolve("record"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("2026-11-29.jsonl");
        }
        List<String> lines = Files.readAllLines(dir.resolve("record").resolve("2026-11-29.jsonl"));
        List<JsonNode> nodes = new ArrayList<>();
        for (String l : lines) {
            nodes.add(JSON.readTree(l));
        }
        assertThat(nodes).hasSize(3);
        assertThat(nodes.get(0).get("context").toString())
                .isEqualTo("{\"arterial_cannula_side\":\"left\",\"map_target\":70.0}");
        assertThat(nodes.get(1).get("value").asDouble()).as("canonical, converted from kPa").isEqualTo(63.0);
        assertThat(nodes.get(1).get("unit").asText()).isEqualTo("mmHg");
        assertThat(nodes.get(2).get("signal").asText()).isEqualTo("ecmo_flow");
        assertThat(nodes.get(2).get("value").asDouble()).isEqualTo(3.5);
        assertThat(nodes.get(2).get("quality").asText()).isEqualTo("artifact");
        assertThat(nodes).allSatisfy(n -> assertThat(n.get("receivedAt").asLong()).isEqualTo(received));
        assertThat(nodes.get(1).get("ts").asLong()).isEqualTo(received - 2_000);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
             PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
            new Replay(Map.of()).run(new StringReader(String.join("\n", lines)), o, e);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("replay: 3 lines read, 0 rejected");
    }
}
