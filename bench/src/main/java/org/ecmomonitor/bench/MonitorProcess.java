package org.ecmomonitor.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The monitor under test: the built jar in a process of its own, so that its CPU and heap are its own. */
final class MonitorProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("(mqtt|http) listening on [0-9.]+:(\\d+)");

    final Process process;
    final Path dataDir;
    int httpPort;
    int mqttPort;

    private MonitorProcess(Process process, Path dataDir) {
        this.process = process;
        this.dataDir = dataDir;
    }

    static MonitorProcess start(Path jar, Path dataDir, Map<String, String> env, List<String> jvmOptions,
                                Path stderr) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile());
        pb.environment().put("ECMO_DATA_DIR", dataDir.toString());
        pb.environment().put("ECMO_HTTP_PORT", "0");
        pb.environment().putIfAbsent("ECMO_MQTT_PORT", "0");
        // the simulated ward publishes anonymously, thousands of beds over thousands of connections: lift the
        // bounds that protect a real unit (issue 14) so that the benchmark measures throughput, not refusals
        pb.environment().put("ECMO_MQTT_ALLOW_ANONYMOUS", "true");
        pb.environment().put("ECMO_MQTT_MAX_CONNECTIONS", "1000000");
        pb.environment().put("ECMO_INGEST_MAX_BEDS", "100000");
        pb.environment().put("ECMO_INGEST_MAX_DEVICES", "100000");
        pb.environment().putAll(env);
        MonitorProcess m = new MonitorProcess(pb.start(), dataDir);
        CountDownLatch both = new CountDownLatch(env.getOrDefault("ECMO_MQTT_PORT", "0").equals("-1") ? 1 : 2);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(m.process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher x = LISTENING.matcher(line);
                    if (x.find()) {
                        if (x.group(1).equals("http")) {
                            m.httpPort = Integer.parseInt(x.group(2));
                        } else {
                            m.mqttPort = Integer.parseInt(x.group(2));
                        }
                        both.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "monitor-stdout");
        reader.setDaemon(true);
        reader.start();
        if (!both.await(60, TimeUnit.SECONDS)) {
            m.close();
            throw new IllegalStateException("the monitor did not start; see " + stderr);
        }
        return m;
    }

    String adminPassword() throws IOException {
        return Files.readString(dataDir.resolve("initial-admin-password")).trim();
    }

    double cpuSeconds() {
        return Proc.cpuSeconds(process.pid());
    }

    /** Heap in use after a full collection (jcmd GC.run, then the JVM's own figure from /metrics). */
    long heapAfterGc() throws Exception {
        for (int i = 0; i < 2; i++) {
            Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(process.pid()), "GC.run").redirectErrorStream(true).start();
            gc.getInputStream().readAllBytes();
            gc.waitFor(60, TimeUnit.SECONDS);
        }
        long sum = 0;
        for (String line : metrics().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    double metric(String name) throws Exception {
        double sum = 0;
        for (String line : metrics().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private String metrics() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
