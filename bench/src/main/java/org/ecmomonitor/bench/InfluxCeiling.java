package org.ecmomonitor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * The store's physical limit on this machine: the bench's samples as line protocol posted straight to InfluxDB
 * (batches of 5,000 points, two writers, no monitor), points per second accepted.
 */
final class InfluxCeiling {
    private final Path repo;
    private final Path work;

    InfluxCeiling(Path repo, Path work) {
        this.repo = repo;
        this.work = work;
    }

    Map<String, String> run(int seconds) throws Exception {
        Path dir = Files.createTempDirectory(work, "ceiling-");
        try (ServerProcess influx = ServerProcess.start(repo.resolve(".ci/servers.sh"), "influxd", dir.resolve("db"),
                dir.resolve("influxd.log"))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + influx.port;
            http.send(HttpRequest.newBuilder(URI.create(base + "/query?q=CREATE+DATABASE+ecmo")).POST(
                    HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            LongAdder points = new LongAdder();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            double cpu0 = influx.cpuSeconds();
            long t0 = System.nanoTime();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                writers.add(CompletableFuture.runAsync(() -> {
                    long ts = 1_763_683_200_000L + writer;
                    int bed = 0;
                    while (System.nanoTime() < end) {
                        StringBuilder b = new StringBuilder(5000 * 80);
                        for (int i = 0; i < 5000; i++) {
                            bed = (bed + 1) % 5000;
                            ts += 2;
                            b.append("vitals,bed=B").append(bed).append(",device=console,signal=map value=")
                                    .append(70 + i % 10).append(",artifact=false ").append(ts).append('\n');
                        }
                        try {
                            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base
                                    + "/write?db=ecmo&precision=ms")).POST(HttpRequest.BodyPublishers.ofString(
                                    b.toString())).build(), HttpResponse.BodyHandlers.discarding());
                            if (r.statusCode() == 204) {
                                points.add(5000);
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }));
            }
            CompletableFuture.allOf(writers.toArray(new CompletableFuture[0])).join();
            double s = (System.nanoTime() - t0) / 1e9;
            Map<String, String> row = Bench.row("raw InfluxDB write ceiling (line protocol, 5,000-point batches,"
                    + " 2 writers, no monitor)");
            row.put("samples/s stored", String.format("%,.0f", points.sum() / s));
            row.put("broker/store CPU (cores)", String.format("%.2f", (influx.cpuSeconds() - cpu0) / s));
            return row;
        }
    }
}
