package org.ecmomonitor.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Replay throughput on a 24 h, 1 Hz bed file (contract §2 lines: each second map, sbp, dbp, ecmo_flow, ecmo_speed,
 * dpc_flow; NIRS both legs every 4 s; a lactate every 2 h): the wall time of {@code replay FILE} minus that of a
 * one-line file (the JVM's start and the rule pack's deployment), best of three.
 */
final class ReplayRun {
    private final Path repo;
    private final Path work;

    ReplayRun(Path repo, Path work) {
        this.repo = repo;
        this.work = work;
    }

    Map<String, String> run() throws Exception {
        Path file = work.resolve("bed-24h.jsonl");
        long lines = write(file);
        Path one = work.resolve("one-line.jsonl");
        Files.writeString(one, Files.newBufferedReader(file).readLine() + "\n");
        double startup = best(one);
        double total = best(file);
        double seconds = total - startup;
        Map<String, String> row = Bench.row("replay, 24 h at 1 Hz, one bed");
        row.put("samples", String.format("%,d", lines));
        row.put("replay wall (s)", String.format("%.2f", total));
        row.put("start: JVM and rule pack (s)", String.format("%.2f", startup));
        row.put("samples/s", String.format("%,.0f", lines / seconds));
        return row;
    }

    private double best(Path file) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    repo.resolve("app/target/ecmo-monitor.jar").toString(), "replay", file.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(work.resolve("replay.err").toFile())
                    .start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("replay failed; see " + work.resolve("replay.err"));
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    static long write(Path file) throws Exception {
        long t0 = Instant.parse("2026-11-21T00:00:00Z").toEpochMilli();
        long n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int s = 0; s < 86_400; s++) {
                long ts = t0 + s * 1000L;
                double wobble = ((s * 17) % 11 - 5) / 10.0;
                for (Object[] x : List.of(new Object[] {"monitor", "map", 74 + wobble, "mmHg"},
                        new Object[] {"monitor", "sbp", 98 + wobble, "mmHg"},
                        new Object[] {"monitor", "dbp", 62 + wobble, "mmHg"},
                        new Object[] {"console", "ecmo_flow", 4.0 + wobble / 20, "L/min"},
                        new Object[] {"console", "ecmo_speed", 3200, "rpm"},
                        new Object[] {"console", "dpc_flow", 160 + wobble, "mL/min"})) {
                    line(w, ts, x);
                    n++;
                }
                if (s % 4 == 0) {
                    line(w, ts, new Object[] {"nirs", "nirs_left", 68, "%"});
                    line(w, ts, new Object[] {"nirs", "nirs_right", 70, "%"});
                    n += 2;
                }
                if (s % 7200 == 0) {
                    line(w, ts, new Object[] {"lab", "lactate", 1.3, "mmol/L"});
                    n++;
                }
            }
        }
        return n;
    }

    private static void line(BufferedWriter w, long ts, Object[] x) throws Exception {
        w.write("{\"bed\":\"B1\",\"device\":\"" + x[0] + "\",\"ts\":" + ts + ",\"signal\":\"" + x[1] + "\",\"value\":"
                + x[2] + ",\"unit\":\"" + x[3] + "\"}\n");
    }
}
