package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo} from the built jar, as the README's first command runs it. */
class DemoJarIT {
    private static final Pattern BOARD = Pattern.compile("demo: open http://([0-9.]+):(\\d+)/");
    @TempDir
    Path dir;
    private Process demo;
    private final List<String> stdout = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (demo != null) {
            demo.destroy();
            assertThat(demo.waitFor()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    private Process start(Path dataDir, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(MonitorJarIT.javaBin(), "-jar",
                MonitorJarIT.jar().toString(), "demo"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve("demo.err").toFile());
        pb.environment().put("ECMO_DATA_DIR", dataDir.toString());
        pb.environment().put("ECMO_MQTT_PORT", "0");
        pb.environment().put("ECMO_HTTP_PORT", "0");
        return pb.start();
    }

    @Test
    void servesTheBoardWithLiveBedsAndAnAlertWithin30Seconds() throws Exception {
        Instant launched = Instant.now();
        demo = start(dir.resolve("demo-data"));
        MonitorJarIT.collectLines(demo, stdout);
        await().atMost(Duration.ofSeconds(30)).until(() -> stdout.stream().anyMatch(l -> BOARD.matcher(l).find())
                || !demo.isAlive());
        assertThat(demo.isAlive()).as("demo running; stderr: %s", Files.readString(dir.resolve("demo.err"))).isTrue();
        int port = stdout.stream().map(BOARD::matcher).filter(Matcher::find).findFirst()
                .map(m -> Integer.parseInt(m.group(2))).orElseThrow();
        assertThat(stdout).anyMatch(l -> l.contains("nurse") && l.contains("nurse-demo"))
                .anyMatch(l -> l.contains("B4  dpc-removal")).anyMatch(l -> l.contains("B14  child"));
        MonitorSession nurse = MonitorSession.signIn(port, "nurse", "nurse-demo");
        await().atMost(Duration.ofSeconds(30).minus(Duration.between(launched, Instant.now())))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    JsonNode beds = nurse.json("/api/beds");
                    assertThat(beds).extracting(b -> b.get("bed").asText()).as("one bed per scenario, in ward order")
                            .containsExactly("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10", "B11",
                                    "B12", "B13", "B14");
                    for (JsonNode b : beds) {
                        assertThat(b.at("/values/map/value").isNumber()).as(b.toString()).isTrue();
                        assertThat(b.at("/values/ecmo_flow/value").isNumber()).as(b.toString()).isTrue();
                    }
                    assertThat(beds.get(2).get("alerts")).extracting(a -> a.get("rule").asText())
                            .contains("LACTATE_HIGH");
                    assertThat(beds.get(8).at("/values/ecmo_p_pre/value").isNumber()).as("B9's circuit pressures")
                            .isTrue();
                    assertThat(beds.get(10).at("/values/spo2_right_hand/value").isNumber())
                            .as("B11's right-hand SpO2").isTrue();
                });
        assertThat(Duration.between(launched, Instant.now())).isLessThan(Duration.ofSeconds(30));
        assertThat(nurse.get("/").statusCode()).isEqualTo(200);
        assertThat(MonitorSession.signIn(port, "admin", "admin-demo").get("/api/accounts").statusCode())
                .as("demo accounts are for trying: no forced password change").isEqualTo(200);
        String first = nurse.json("/api/beds/B1").at("/values/map/t").asText();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                nurse.json("/api/beds/B1").at("/values/map/t").asText()).as("B1 streams").isGreaterThan(first));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode legacy = null;
            for (JsonNode f : nurse.json("/api/feeds")) {
                if (f.get("device").asText().equals("legacy-pump")) {
                    legacy = f;
                }
            }
            assertThat(legacy).as("the garbage device on the feed console").isNotNull();
            assertThat(legacy.get("rejectedTotal").asLong()).isPositive();
            assertThat(legacy.get("samplesPerMinute").asLong()).isZero();
        });
    }

    @Test
    void refusesToEmptyAFolderThatIsNotADemos() throws Exception {
        Path real = dir.resolve("real-data");
        Files.createDirectories(real);
        Files.writeString(real.resolve("monitor.db"), "precious");
        Process p = start(real);
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("demo.err"))).contains("not a demo's");
        assertThat(Files.readString(real.resolve("monitor.db"))).isEqualTo("precious");
        assertThat(start(dir.resolve("x"), "--speed", "fast").waitFor()).isEqualTo(2);
    }
}
