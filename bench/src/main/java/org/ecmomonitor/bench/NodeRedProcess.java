package org.ecmomonitor.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Node-RED peer (bench/node-red: npm {@code node-red} with {@code node-red-contrib-influxdb}): the flow
 * {@code flows.json} takes devices' messages from the broker, writes their samples to InfluxDB database
 * {@code nodered} and publishes threshold alerts on {@code alerts/{bed}}. Installed by bench/run.sh.
 */
final class NodeRedProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String influx;

    private NodeRedProcess(Process process, String influx) {
        this.process = process;
        this.influx = influx;
    }

    static NodeRedProcess start(Path repo, Path dir, int mqttPort, int influxPort, Path log) throws Exception {
        Path home = repo.resolve("bench/node-red");
        Path redJs = home.resolve("node_modules/node-red/red.js");
        if (!Files.isRegularFile(redJs)) {
            throw new IllegalStateException("Node-RED is not installed: run `npm ci --prefix bench/node-red`"
                    + " (bench/run.sh does it for the Node-RED shapes)");
        }
        String influx = "http://127.0.0.1:" + influxPort;
        query(influx, "CREATE DATABASE nodered", true);
        Path userDir = Files.createDirectories(dir.resolve("node-red"));
        Files.copy(home.resolve("flows.json"), userDir.resolve("flows.json"));
        ProcessBuilder pb = new ProcessBuilder("node", redJs.toString(), "--settings",
                home.resolve("settings.js").toString(), "--userDir", userDir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MQTT_PORT", String.valueOf(mqttPort));
        pb.environment().put("INFLUX_PORT", String.valueOf(influxPort));
        pb.environment().put("NODE_RED_PORT", String.valueOf(freePort(repo)));
        NodeRedProcess red = new NodeRedProcess(pb.start(), influx);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("Connected to broker")) {
            if (!red.process.isAlive() || System.nanoTime() > deadline) {
                red.close();
                throw new IllegalStateException("Node-RED did not connect to the broker; see " + log);
            }
            Thread.sleep(200);
        }
        Thread.sleep(1000);
        return red;
    }

    private static int freePort(Path repo) throws Exception {
        Process p = new ProcessBuilder("bash", repo.resolve(".ci/servers.sh").toString(), "free-port").start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return Integer.parseInt(out);
    }

    /** Samples the flow has written to InfluxDB so far. */
    long storedSamples() throws Exception {
        var series = JSON.readTree(query(influx, "SELECT count(value) FROM samples", false))
                .at("/results/0/series/0/values/0/1");
        return series.isMissingNode() ? 0 : series.asLong();
    }

    private static String query(String base, String q, boolean post) throws Exception {
        URI uri = URI.create(base + "/query?db=nodered&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                (post ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("InfluxDB " + q + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    double cpuSeconds() {
        return Proc.cpuSecondsWithChildren(process.toHandle());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
