package org.ecmomonitor.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * One load shape against a fresh monitor (or the Node-RED peer, path {@code nodered}): N beds for a duration after a
 * warm-up, optionally a reconnect storm or a 30 s store pause in the middle; returns one row of results. "System"
 * CPU is the monitor's (or Node-RED's), "pipeline" CPU adds the broker and the store: what the whole path from the
 * device to the stored sample costs, the figure for comparing paths at equal CPU.
 */
final class LoadRun {
    /** What to run. */
    record Shape(int beds, String store, boolean single, String path, int seconds, int warmupSeconds,
                 double scriptedShare, boolean storm, int pauseStoreSeconds) {
        String label() {
            return beds + " beds, " + store + ", " + (single ? "1 sample/msg" : "batches") + ", via " + path
                    + (storm ? ", reconnect storm" : "") + (pauseStoreSeconds > 0 ? ", store paused "
                    + pauseStoreSeconds + " s" : "");
        }
    }

    private final Path repo;
    private final Path work;

    LoadRun(Path repo, Path work) {
        this.repo = repo;
        this.work = work;
    }

    Map<String, String> run(Shape s) throws Exception {
        Path dir = Files.createTempDirectory(work, "run-");
        Path servers = repo.resolve(".ci/servers.sh");
        List<AutoCloseable> open = new ArrayList<>();
        Map<String, String> row = new LinkedHashMap<>();
        row.put("shape", s.label());
        boolean nodeRed = s.path().equals("nodered");
        try {
            ServerProcess influx = null;
            ServerProcess broker = null;
            Map<String, String> env = new LinkedHashMap<>();
            if (s.store().equals("influx")) {
                influx = ServerProcess.start(servers, "influxd", dir.resolve("influx"), dir.resolve("influxd.log"));
                open.add(0, influx);
                env.put("ECMO_STORE", "influx");
                env.put("ECMO_INFLUX_URL", "http://127.0.0.1:" + influx.port);
            } else if (nodeRed) {
                throw new IllegalArgumentException("the Node-RED peer writes to InfluxDB: use beds:N:influx:...:nodered");
            }
            if (!s.path().equals("endpoint")) {
                broker = ServerProcess.start(servers, "mosquitto", dir.resolve("mosquitto"), dir.resolve("mosquitto.log"));
                open.add(0, broker);
                env.put("ECMO_BROKER_URL", "tcp://127.0.0.1:" + broker.port);
                env.put("ECMO_BROKER_CLIENT_ID", "bench-monitor");
            }
            env.put("ECMO_LOG_LEVEL", "WARN");
            Measurements m = new Measurements();
            MonitorProcess monitor = null;
            NodeRedProcess red = null;
            LoadGenerator gen;
            AlertCheck check;
            long heapBefore = 0;
            if (nodeRed) {
                red = NodeRedProcess.start(repo, dir, broker.port, influx.port, dir.resolve("node-red.log"));
                open.add(0, red);
                gen = new LoadGenerator("127.0.0.1", broker.port, s.beds(), s.single(), s.scriptedShare(), m);
                open.add(0, gen);
                check = new AlertCheck(gen.expected, Set.of("LACTATE_HIGH"), m);
                MqttAlertWatcher watcher = new MqttAlertWatcher(check);
                open.add(0, watcher);
                watcher.connect(broker.port);
            } else {
                monitor = MonitorProcess.start(repo.resolve("app/target/ecmo-monitor.jar"),
                        dir.resolve("data"), env, jvmOptions(), dir.resolve("monitor.err"));
                open.add(0, monitor);
                heapBefore = monitor.heapAfterGc();
                gen = new LoadGenerator("127.0.0.1", broker != null ? broker.port : monitor.mqttPort, s.beds(),
                        s.single(), s.scriptedShare(), m);
                open.add(0, gen);
                check = new AlertCheck(gen.expected, Set.of("LACTATE_HIGH", "LACTATE_RISING"), m);
                AlertWatcher watcher = new AlertWatcher(check);
                open.add(0, watcher);
                watcher.connect(monitor.httpPort, "admin", monitor.adminPassword());
            }
            long c0 = System.nanoTime();
            gen.connect();
            row.put("connect all (s)", String.format("%.1f", (System.nanoTime() - c0) / 1e9));
            long startMillis = System.currentTimeMillis() + 2000;
            long startNanos = System.nanoTime() + 2_000_000_000L;
            gen.start(startMillis, startNanos);
            Thread.sleep(2000L + s.warmupSeconds() * 1000L);

            m.recording(true);
            m.durable.getIntervalHistogram();
            m.alert.getIntervalHistogram();
            final MonitorProcess mon = monitor;
            final NodeRedProcess nr = red;
            final ServerProcess ix = influx;
            final ServerProcess mq = broker;
            CpuMeter systemCpu = () -> (mon == null ? 0 : mon.cpuSeconds()) + (nr == null ? 0 : nr.cpuSeconds());
            CpuMeter serverCpu = () -> (ix == null ? 0 : ix.cpuSeconds()) + (mq == null ? 0 : mq.cpuSeconds());
            StoredCounter stored = () -> nr != null ? nr.storedSamples() : mon.metric("ecmo_store_samples_total");
            double systemCpu0 = systemCpu.seconds();
            double serverCpu0 = serverCpu.seconds();
            double genCpu0 = ownCpuSeconds();
            double stored0 = stored.count();
            Map<String, Double> metrics0 = monitor == null ? Map.of() : engineMetrics(monitor);
            long t0 = System.nanoTime();
            long windowStart = System.currentTimeMillis();
            if (s.pauseStoreSeconds() > 0 && influx != null) {
                Thread.sleep(s.seconds() * 500L);
                influx.signal("STOP");
                Thread.sleep(s.pauseStoreSeconds() * 1000L);
                influx.signal("CONT");
                Thread.sleep(Math.max(0, s.seconds() * 500L - s.pauseStoreSeconds() * 1000L));
            } else if (s.storm()) {
                Thread.sleep(s.seconds() * 500L);
                gen.stop();
                long took = gen.reconnectStorm();
                row.put("storm: all reconnected (s)", String.format("%.1f", took / 1000.0));
                gen.resume();
                Thread.sleep(s.seconds() * 500L);
            } else {
                Thread.sleep(s.seconds() * 1000L);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long windowEnd = System.currentTimeMillis();
            double stored1 = stored.count();
            double systemCpuUsed = systemCpu.seconds() - systemCpu0;
            double serverCpuUsed = serverCpu.seconds() - serverCpu0;
            double genCpu = ownCpuSeconds() - genCpu0;
            Map<String, Double> metrics1 = monitor == null ? Map.of() : engineMetrics(monitor);
            gen.stop();
            Thread.sleep(5000);
            m.recording(false);
            Histogram durable = m.durable.getIntervalHistogram();
            Histogram alert = m.alert.getIntervalHistogram();

            double storedSamples = Math.max(1, stored1 - stored0);
            row.put("samples/s stored", String.format("%,.0f", (stored1 - stored0) / seconds));
            row.put("samples/s offered", String.format("%,.0f", m.samplesSent.sum() / seconds));
            row.put("durable p50/p99/p99.9/max (ms)", percentiles(durable));
            row.put("alert p50/p99/p99.9/max (ms)", percentiles(alert));
            row.put("system CPU µs/sample", String.format("%.1f", systemCpuUsed * 1e6 / storedSamples));
            row.put("system CPU (cores)", String.format("%.2f", systemCpuUsed / seconds));
            row.put("broker/store CPU (cores)", String.format("%.2f", serverCpuUsed / seconds));
            double pipelineMicros = (systemCpuUsed + serverCpuUsed) * 1e6 / storedSamples;
            row.put("pipeline CPU µs/sample", String.format("%.1f", pipelineMicros));
            row.put("samples per core-second", String.format("%,.0f", 1e6 / pipelineMicros));
            row.put("generator CPU (cores)", String.format("%.2f", genCpu / seconds));
            if (monitor != null) {
                row.put("rule engine busy", String.format("%.0f %%", 100 * (metrics1.get("busy") - metrics0.get("busy"))
                        / seconds));
                row.put("mean wait for the engine (ms)", mean(metrics0, metrics1, "wait"));
                row.put("mean alert age at /ws send (ms)", mean(metrics0, metrics1, "age"));
                long heapAfter = monitor.heapAfterGc();
                row.put("heap/bed (KB)", String.format("%.1f", (heapAfter - heapBefore) / 1024.0 / s.beds()));
            }
            row.put("alerts", check.verdict(windowStart, windowEnd));
            if (s.path().equals("endpoint")) {
                row.put("sent, never acked", String.format("%,d", Math.max(0, m.samplesSent.sum() - m.samplesAcked.sum())));
            }
        } finally {
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("closing " + c + ": " + e);
                }
            }
        }
        return row;
    }

    private interface CpuMeter {
        double seconds() throws Exception;
    }

    private interface StoredCounter {
        double count() throws Exception;
    }

    /** The monitor's engine figures (sums and counts in seconds), read at both ends of the window. */
    private static Map<String, Double> engineMetrics(MonitorProcess monitor) throws Exception {
        return Map.of("busy", monitor.metric("ecmo_alerts_evaluation_seconds_sum"),
                "wait", monitor.metric("ecmo_alerts_queue_wait_seconds_sum"),
                "waitCount", monitor.metric("ecmo_alerts_queue_wait_seconds_count"),
                "age", monitor.metric("ecmo_ws_alert_age_seconds_sum"),
                "ageCount", monitor.metric("ecmo_ws_alert_age_seconds_count"));
    }

    /** The mean of a timer over the window, in ms. */
    private static String mean(Map<String, Double> before, Map<String, Double> after, String name) {
        double count = after.get(name + "Count") - before.get(name + "Count");
        return count <= 0 ? "–" : String.format("%.1f", (after.get(name) - before.get(name)) * 1000 / count);
    }

    /**
     * The monitor's JVM options, those README recommends for thousands of beds (a fixed heap, so that it does not
     * grow in pauses, and G1 aiming at 50 ms pauses rather than 200: a collection delays every alert behind it);
     * {@code BENCH_MONITOR_JVM_OPTS} adds more (a JFR recording, say).
     */
    private static List<String> jvmOptions() {
        List<String> o = new ArrayList<>(List.of("-Xms2g", "-Xmx2g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50"));
        String extra = System.getenv("BENCH_MONITOR_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
            o.addAll(List.of(extra.trim().split("\\s+")));
        }
        return o;
    }

    static String percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "–";
        }
        return String.format("%.1f / %.1f / %.1f / %.1f", h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }

    private static double ownCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}
