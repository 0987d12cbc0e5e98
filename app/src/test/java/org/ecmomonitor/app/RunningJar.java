package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built jar started as the README says ({@code run}, the embedded defaults), with its data in a test folder
 * and both listeners on free ports, which it finds from the lines the monitor prints at start.
 */
final class RunningJar {
    private static final Pattern LISTENING = Pattern.compile("(mqtt|http) listening on ([0-9.]+):(\\d+)");

    final Process process;
    final List<String> stdout;
    final int mqttPort;
    final int httpPort;

    private RunningJar(Process process, List<String> stdout, int mqttPort, int httpPort) {
        this.process = process;
        this.stdout = stdout;
        this.mqttPort = mqttPort;
        this.httpPort = httpPort;
    }

    /** Starts the monitor with {@code ECMO_DATA_DIR=dir/data}, ports 0, and {@code env} over that. */
    static RunningJar start(Path dir, Map<String, String> env) throws IOException {
        return start(dir, env, List.of());
    }

    /** The same, with arguments after {@code -jar ecmo-monitor.jar} (e.g. {@code run --config FILE}). */
    static RunningJar start(Path dir, Map<String, String> env, List<String> args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(MonitorJarIT.javaBin(), "-jar",
                MonitorJarIT.jar().toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve("monitor.err").toFile());
        pb.environment().put("ECMO_DATA_DIR", dir.resolve("data").toString());
        pb.environment().put("ECMO_MQTT_PORT", "0");
        pb.environment().put("ECMO_HTTP_PORT", "0");
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> stdout = new CopyOnWriteArrayList<>();
        MonitorJarIT.collectLines(p, stdout);
        await().atMost(Duration.ofSeconds(60)).until(() -> stdout.stream().filter(l -> LISTENING.matcher(l).find())
                .count() == 2 || !p.isAlive());
        Path err = dir.resolve("monitor.err");
        assertThat(p.isAlive()).as("monitor running; stderr: %s", Files.exists(err) ? Files.readString(err) : "")
                .isTrue();
        int mqtt = 0;
        int http = 0;
        for (String line : stdout) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                assertThat(m.group(2)).isEqualTo("127.0.0.1");
                if (m.group(1).equals("mqtt")) {
                    mqtt = Integer.parseInt(m.group(3));
                } else {
                    http = Integer.parseInt(m.group(3));
                }
            }
        }
        return new RunningJar(p, stdout, mqtt, http);
    }
}
