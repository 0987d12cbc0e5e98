package org.ecmomonitor.alerts.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ecmomonitor.alerts.AlertEngine;
import org.ecmomonitor.alerts.InMemoryAlertRepository;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.ParseResult;
import org.ecmomonitor.ingest.Rejection;
import org.ecmomonitor.ingest.Sample;

/**
 * {@code replay FILE.jsonl} (contract §2): the live engine and rules on recorded data, the clock following the
 * data. Lines are read, validated as live input is, and played in time order (stable: lines with the same time
 * keep their order), so files that interleave beds in any way give the alerts the live system would have raised.
 * Output: one JSON object per alert event on {@code out}; bad lines and the summary on {@code err}.
 */
public final class Replay {
    private record Item(long t, int line, Object value) {
    }

    /** What a run did: lines read, rejected, and alert events by rule and event type. */
    public record Summary(int linesRead, int rejected, Map<String, Map<String, Integer>> eventsByRule) {
    }

    private final Map<String, Double> variables;

    public Replay(Map<String, Double> variables) {
        this.variables = variables;
    }

    /** Plays the input; throws only when the input cannot be read. */
    public Summary run(Reader input, PrintStream out, PrintStream err) throws IOException {
        ReplayLine parser = new ReplayLine();
        List<Item> items = new ArrayList<>();
        int read = 0;
        int rejected = 0;
        try (BufferedReader r = new BufferedReader(input, 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                read++;
                if (line.isBlank()) {
                    continue;
                }
                Object parsed = parser.parse(line);
                if (parsed instanceof String problem) {
                    rejected++;
                    err.println("line " + read + ": " + problem);
                    continue;
                }
                ParseResult p = (ParseResult) parsed;
                for (Rejection rej : p.rejections()) {
                    err.println("line " + read + ": " + rej.reason().wireName() + ": " + rej.detail());
                }
                if (!p.rejections().isEmpty() && !p.hasAccepted()) {
                    rejected++;
                }
                for (Sample s : p.samples()) {
                    items.add(new Item(s.tsMillis(), read, s));
                }
                for (ContextUpdate u : p.contexts()) {
                    items.add(new Item(u.tsMillis(), read, u));
                }
            }
        }
        items.sort(Comparator.comparingLong(Item::t).thenComparingInt(Item::line));
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        if (!items.isEmpty()) {
            try (AlertEngine engine = new AlertEngine(new InMemoryAlertRepository(), variables, items.get(0).t())) {
                engine.addListener(e -> {
                    out.println(AlertEventJson.toJson(e));
                    counts.computeIfAbsent(e.rule().name(), k -> new TreeMap<>())
                            .merge(e.event().wireName(), 1, Integer::sum);
                });
                for (Item it : items) {
                    if (it.value() instanceof Sample s) {
                        engine.onSample(s);
                    } else {
                        engine.onContext((ContextUpdate) it.value());
                    }
                }
                engine.flush();
            }
        }
        out.flush();
        Summary summary = new Summary(read, rejected, counts);
        err.println(describe(summary));
        return summary;
    }

    static String describe(Summary s) {
        StringBuilder sb = new StringBuilder();
        sb.append("replay: ").append(s.linesRead()).append(" lines read, ").append(s.rejected())
                .append(" rejected");
        int total = s.eventsByRule().values().stream().flatMap(m -> m.values().stream()).mapToInt(i -> i).sum();
        sb.append(", ").append(total).append(" alert events");
        for (Map.Entry<String, Map<String, Integer>> e : s.eventsByRule().entrySet()) {
            sb.append("\n  ").append(e.getKey()).append(':');
            e.getValue().forEach((event, n) -> sb.append(' ').append(n).append(' ').append(event));
        }
        return sb.toString();
    }
}
