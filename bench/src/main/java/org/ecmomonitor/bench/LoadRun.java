package org.ecmomonitor.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One load shape against a fresh monitor: N beds for a duration after a warm-up, optionally a reconnect storm or a
 * 30 s store pause in the middle; returns one row of results.
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
        try {
            ServerProcess influx = null;
            ServerProcess broker = null;
            Map<String, String> env = new LinkedHashMap<>();
            if (s.store().equals("influx")) {
                influx = ServerProcess.start(servers, "influxd", dir.resolve("influx"), dir.resolve("influxd.log"));
                open.add(0, influx);
                env.put("ECMO_STORE", "influx");
                env.put("ECMO_INFLUX_URL", "http://127.0.0.1:" + influx.port);
            }
            if (s.path().equals("mosquitto")) {
                broker = ServerProcess.start(servers, "mosquitto", dir.resolve("mosquitto"), dir.resolve("mosquitto.log"));
                open.add(0, broker);
                env.put("ECMO_BROKER_URL", "tcp://127.0.0.1:" + broker.port);
                env.put("ECMO_BROKER_CLIENT_ID", "bench-monitor");
            }
            env.put("ECMO_LOG_LEVEL", "WARN");
            MonitorProcess monitor = MonitorProcess.start(repo.resolve("app/target/ecmo-monitor.jar"),
                    dir.resolve("data"), env, jvmOptions(), dir.resolve("monitor.err"));
            open.add(0, monitor);
            long heapBefore = monitor.heapAfterGc();

            Measurements m = new Measurements();
            int port = broker != null ? broker.port : monitor.mqttPort;
            LoadGenerator gen = new LoadGenerator("127.0.0.1", port, s.beds(), s.single(), s.scriptedShare(), m);
            open.add(0, gen);
            AlertWatcher watcher = new AlertWatcher(gen.expected, m);
            open.add(0, watcher);
            watcher.connect(monitor.httpPort, "admin", monitor.adminPassword());
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
            double monitorCpu0 = monitor.cpuSeconds();
            double serverCpu0 = (influx == null ? 0 : influx.cpuSeconds()) + (broker == null ? 0 : broker.cpuSeconds());
            double genCpu0 = ownCpuSeconds();
            double stored0 = monitor.metric("ecmo_store_samples_total");
            double engine0 = monitor.metric("ecmo_alerts_evaluation_seconds_sum");
            double wait0 = monitor.metric("ecmo_alerts_queue_wait_seconds_sum");
            double waitCount0 = monitor.metric("ecmo_alerts_queue_wait_seconds_count");
            double age0 = monitor.metric("ecmo_ws_alert_age_seconds_sum");
            double ageCount0 = monitor.metric("ecmo_ws_alert_age_seconds_count");
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
            double stored1 = monitor.metric("ecmo_store_samples_total");
            double engineBusy = (monitor.metric("ecmo_alerts_evaluation_seconds_sum") - engine0) / seconds;
            double monitorCpu = monitor.cpuSeconds() - monitorCpu0;
            double serverCpu = (influx == null ? 0 : influx.cpuSeconds()) + (broker == null ? 0 : broker.cpuSeconds())
                    - serverCpu0;
            double genCpu = ownCpuSeconds() - genCpu0;
            gen.stop();
            Thread.sleep(5000);
            m.recording(false);
            Histogram durable = m.durable.getIntervalHistogram();
            Histogram alert = m.alert.getIntervalHistogram();

            double storedRate = (stored1 - stored0) / seconds;
            row.put("samples/s stored", String.format("%,.0f", storedRate));
            row.put("samples/s offered", String.format("%,.0f", m.samplesSent.sum() / seconds));
            row.put("durable p50/p99/p99.9/max (ms)", percentiles(durable));
            row.put("alert p50/p99/p99.9/max (ms)", percentiles(alert));
            row.put("monitor CPU µs/sample", String.format("%.1f", monitorCpu * 1e6 / Math.max(1, stored1 - stored0)));
            row.put("monitor CPU (cores)", String.format("%.2f", monitorCpu / seconds));
            row.put("rule engine busy", String.format("%.0f %%", engineBusy * 100));
            double waited = (monitor.metric("ecmo_alerts_queue_wait_seconds_sum") - wait0)
                    / Math.max(1, monitor.metric("ecmo_alerts_queue_wait_seconds_count") - waitCount0);
            row.put("mean wait for the engine (ms)", String.format("%.1f", waited * 1000));
            row.put("mean alert age at /ws send (ms)", String.format("%.1f",
                    (monitor.metric("ecmo_ws_alert_age_seconds_sum") - age0) * 1000
                            / Math.max(1, monitor.metric("ecmo_ws_alert_age_seconds_count") - ageCount0)));
            row.put("broker/store CPU (cores)", String.format("%.2f", serverCpu / seconds));
            row.put("generator CPU (cores)", String.format("%.2f", genCpu / seconds));
            long heapAfter = monitor.heapAfterGc();
            row.put("heap/bed (KB)", String.format("%.1f", (heapAfter - heapBefore) / 1024.0 / s.beds()));
            row.put("alerts", correctness(gen, watcher, windowStart, windowEnd));
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

    /** Every scripted raise inside the window arrived once; nothing unscripted arrived. */
    private static String correctness(LoadGenerator gen, AlertWatcher w, long from, long to) {
        long due = gen.expected.keySet().stream().filter(e -> e.atMillis() >= from && e.atMillis() <= to).count();
        long arrived = gen.expected.keySet().stream().filter(e -> e.atMillis() >= from && e.atMillis() <= to)
                .filter(w.received::containsKey).count();
        String verdict = arrived == due && w.unscripted.isEmpty() && w.duplicates.get() == 0 ? "ok" : "WRONG";
        return verdict + ": " + arrived + "/" + due + " scripted, " + w.unscripted.size() + " unscripted, "
                + w.duplicates.get() + " twice" + (w.unscripted.isEmpty() ? "" : " (e.g. " + w.unscripted.get(0) + ")");
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
