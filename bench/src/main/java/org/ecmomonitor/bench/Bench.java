package org.ecmomonitor.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar bench/target/ecmo-bench.jar SHAPE [--seconds N] [--repo DIR] [--out FILE]}: runs a benchmark shape
 * and prints (and appends to FILE) a Markdown results table. Shapes: {@code beds:N:sqlite|influx:batch|single
 * [:endpoint|mosquitto][:storm|:pause]}, {@code replay}, {@code influx-ceiling}, and the named sets {@code quick},
 * {@code scale}, {@code peers}, {@code faults}. See bench/README.md.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: Bench SHAPE [--seconds N] [--repo DIR] [--out FILE]");
            System.exit(2);
        }
        int seconds = 60;
        Path repo = Path.of(".");
        Path out = null;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--repo" -> repo = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("ecmo-bench");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String shape : expand(args[0])) {
            System.err.println("bench: " + shape + " for " + seconds + " s");
            Map<String, String> row = runOne(shape, seconds, repo, work);
            System.err.println("bench: " + row);
            rows.add(row);
        }
        String table = "\n### " + args[0] + " (" + seconds + " s each, " + Instant.now() + ")\n\n" + table(rows);
        System.out.println(table);
        if (out != null) {
            Files.writeString(out, table, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }

    static List<String> expand(String set) {
        return switch (set) {
            case "quick" -> List.of("beds:100:sqlite:batch", "replay");
            case "scale" -> List.of("beds:100:sqlite:batch", "beds:1000:sqlite:batch", "beds:5000:sqlite:batch",
                    "beds:100:influx:batch", "beds:1000:influx:batch", "beds:5000:influx:batch",
                    "beds:1000:sqlite:single", "beds:1000:influx:single");
            // A/B alternating, all into InfluxDB: our endpoint, Mosquitto + our Paho subscriber, Node-RED
            case "peers" -> List.of("beds:5000:influx:batch:endpoint", "beds:5000:influx:batch:mosquitto",
                    "beds:5000:influx:batch:nodered", "beds:5000:influx:batch:endpoint",
                    "beds:5000:influx:batch:mosquitto", "beds:5000:influx:batch:nodered", "influx-ceiling");
            case "faults" -> List.of("beds:5000:sqlite:batch:endpoint:storm", "beds:5000:influx:batch:endpoint:storm",
                    "beds:1000:influx:batch:endpoint:pause", "beds:5000:influx:batch:endpoint:pause");
            default -> List.of(set);
        };
    }

    /**
     * Seconds after the beds start before measuring: the monitor's JIT, its heap growing to the beds' state and
     * the first sample of every bed (rule partitions created) settle in about 15 s at 5,000 beds. What alerts do
     * right after thousands of beds connect at once is what the reconnect storm shape measures.
     */
    static final int WARMUP_SECONDS = 20;

    private static Map<String, String> runOne(String shape, int seconds, Path repo, Path work) throws Exception {
        String[] p = shape.split(":");
        if (p[0].equals("replay")) {
            return new ReplayRun(repo, work).run();
        }
        if (p[0].equals("influx-ceiling")) {
            return new InfluxCeiling(repo, work).run(seconds);
        }
        if (!p[0].equals("beds") || p.length < 4) {
            throw new IllegalArgumentException("unknown shape " + shape);
        }
        String path = p.length > 4 ? p[4] : "endpoint";
        boolean storm = p.length > 5 && p[5].equals("storm");
        int pause = p.length > 5 && p[5].equals("pause") ? 30 : 0;
        return new LoadRun(repo, work).run(new LoadRun.Shape(Integer.parseInt(p[1]), p[2], p[3].equals("single"),
                path, Math.max(seconds, pause * 2), WARMUP_SECONDS, 0.02, storm, pause));
    }

    static String table(List<Map<String, String>> rows) {
        List<String> columns = new ArrayList<>();
        rows.forEach(r -> r.keySet().stream().filter(k -> !columns.contains(k)).forEach(columns::add));
        StringBuilder b = new StringBuilder("| " + String.join(" | ", columns) + " |\n|");
        columns.forEach(c -> b.append("---|"));
        b.append('\n');
        for (Map<String, String> r : rows) {
            b.append("| ");
            for (String c : columns) {
                b.append(r.getOrDefault(c, "")).append(" | ");
            }
            b.append('\n');
        }
        return b.toString();
    }

    static Map<String, String> row(String shape) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("shape", shape);
        return r;
    }
}
