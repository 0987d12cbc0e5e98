package org.ecmomonitor.alerts.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ecmomonitor.alerts.AlertEngine;
import org.ecmomonitor.alerts.InMemoryAlertRepository;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.ParseResult;
import org.ecmomonitor.ingest.PayloadParser;
import org.ecmomonitor.ingest.Rejection;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.SignalSources;
import org.ecmomonitor.ingest.SourceNotice;

/**
 * {@code replay FILE.jsonl} (contract §2): the live engine and rules on recorded data, the clock following the
 * data. Lines are read, validated as live input is, and played in order of receipt (stable: lines received at the
 * same time keep their order), so files that interleave beds in any way give the alerts the live system would
 * have raised. A line's receipt time is its {@code receivedAt} (v2), or its {@code ts} when it has none; the engine
 * clock starts at the first receipt time and runs on them (alert-rules.md Time 1), while each sample keeps its
 * {@code ts} as its observation time. Output: one JSON object per alert event on {@code out}; bad lines and the
 * summary on {@code err}.
 */
public final class Replay {
    /** A sample or context change, with the time it was received ({@code t}) and its line number. */
    record Item(long t, int line, Object value) {
    }

    /** The input read: its items in playing order, lines read and lines rejected. */
    record Input(List<Item> items, int linesRead, int rejected) {
    }

    /** What a run did: lines read, rejected, and alert events by rule and event type. */
    public record Summary(int linesRead, int rejected, Map<String, Map<String, Integer>> eventsByRule) {
    }

    private final Map<String, Double> variables;
    private final SignalSources.Configured feeds;
    private final Duration retention;

    public Replay(Map<String, Double> variables) {
        this(variables, SignalSources.Configured.NONE, PayloadParser.DEFAULT_MAX_AGE);
    }

    public Replay(Map<String, Double> variables, SignalSources.Configured feeds) {
        this(variables, feeds, PayloadParser.DEFAULT_MAX_AGE);
    }

    public Replay(Map<String, Double> variables, Duration retention) {
        this(variables, SignalSources.Configured.NONE, retention);
    }

    /**
     * @param feeds the feeds configured as the beds' sources of their signals (the unit's config file): two devices
     *     reporting one signal of a bed are told apart as live (ingest's SignalSources, on receipt times), so a
     *     recording replays to the live run's alert events
     * @param retention {@code retention_days}: a line's {@code ts} older than this before its {@code receivedAt}
     *     is refused as {@code old_ts}, as live ingest refuses it
     */
    public Replay(Map<String, Double> variables, SignalSources.Configured feeds, Duration retention) {
        this.variables = variables;
        this.feeds = feeds;
        this.retention = retention;
    }

    /** Plays the input; throws only when the input cannot be read. */
    public Summary run(Reader input, PrintStream out, PrintStream err) throws IOException {
        Input in = read(input, err);
        List<Item> items = in.items();
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        if (!items.isEmpty()) {
            try (AlertEngine engine = new AlertEngine(new InMemoryAlertRepository(), variables, items.get(0).t())) {
                engine.addListener(e -> {
                    out.println(AlertEventJson.toJson(e));
                    counts.computeIfAbsent(e.rule().name(), k -> new TreeMap<>())
                            .merge(e.event().wireName(), 1, Integer::sum);
                });
                SignalSources sources = new SignalSources(feeds);
                for (Item it : items) {
                    if (it.value() instanceof Sample s) {
                        SignalSources.Split split = sources.split(List.of(s), it.t());
                        for (Sample judged : split.judged()) {
                            engine.onSample(judged, it.t());
                        }
                        for (SourceNotice n : split.notices()) {
                            engine.onSourceNotice(n, it.t());
                        }
                    } else {
                        engine.onContext((ContextUpdate) it.value(), it.t());
                    }
                }
                engine.flush();
            }
        }
        out.flush();
        Summary summary = new Summary(in.linesRead(), in.rejected(), counts);
        err.println(describe(summary));
        return summary;
    }

    /**
     * Reads and validates every line, reporting bad ones on {@code err} with their line numbers, and orders the
     * accepted items by receipt time, stable by line number.
     */
    Input read(Reader input, PrintStream err) throws IOException {
        return read(input, err, BoundedLines.MAX_LINE_CHARS);
    }

    /** As {@link #read(Reader, PrintStream)}, a line longer than {@code maxLineChars} counted as rejected. */
    Input read(Reader input, PrintStream err, int maxLineChars) throws IOException {
        ReplayLine parser = new ReplayLine(retention);
        List<Item> items = new ArrayList<>();
        int read = 0;
        int rejected = 0;
        try (input) {
            BoundedLines lines = new BoundedLines(input, maxLineChars);
            BoundedLines.Line next;
            while ((next = lines.next()) != null) {
                read++;
                if (next instanceof BoundedLines.TooLong tooLong) {
                    rejected++;
                    err.println("line " + read + ": longer than " + maxLineChars + " characters (" + tooLong.chars()
                            + "), skipped");
                    continue;
                }
                String text = ((BoundedLines.Text) next).text();
                if (text.isBlank()) {
                    continue;
                }
                Object parsed = parser.parse(text);
                if (parsed instanceof String problem) {
                    rejected++;
                    err.println("line " + read + ": " + problem);
                    continue;
                }
                ReplayLine.Parsed line = (ReplayLine.Parsed) parsed;
                ParseResult p = line.result();
                for (Rejection rej : p.rejections()) {
                    err.println("line " + read + ": " + rej.reason().wireName() + ": " + rej.detail());
                }
                if (!p.rejections().isEmpty() && !p.hasAccepted()) {
                    rejected++;
                }
                for (Sample s : p.samples()) {
                    items.add(new Item(line.receiptOf(s.tsMillis()), read, s));
                }
                for (ContextUpdate u : p.contexts()) {
                    items.add(new Item(line.receiptOf(u.tsMillis()), read, u));
                }
            }
        }
        items.sort(Comparator.comparingLong(Item::t).thenComparingInt(Item::line));
        List<Item> played = withoutStaleContexts(items, err);
        return new Input(played, read, rejected + items.size() - played.size());
    }

    /**
     * As live ingest: a context older than the bed's context before it (in order of receipt) does not replace it;
     * it is reported as {@code old_ts} (each context is a line of its own).
     */
    private static List<Item> withoutStaleContexts(List<Item> items, PrintStream err) {
        Map<String, Long> since = new java.util.HashMap<>();
        List<Item> out = new ArrayList<>(items.size());
        for (Item it : items) {
            if (it.value() instanceof ContextUpdate u) {
                Long current = since.get(u.bed());
                if (current != null && u.tsMillis() < current) {
                    err.println("line " + it.line() + ": old_ts: context 'ts' " + u.ts() + " is older than bed "
                            + u.bed() + "'s current context (" + java.time.Instant.ofEpochMilli(current) + ")");
                    continue;
                }
                since.put(u.bed(), u.tsMillis());
            }
            out.add(it);
        }
        return out;
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
