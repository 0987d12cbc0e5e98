package org.ecmomonitor.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ecmomonitor.alerts.replay.Replay;
import org.ecmomonitor.ingest.ConfiguredFeed;
import org.ecmomonitor.ingest.SignalSources;

/** {@code replay FILE.jsonl} (contract §2): exit 0 unless the file cannot be read. */
final class ReplayCommand {
    private ReplayCommand() {
    }

    /**
     * @param feeds the feeds of {@code --config}: a bed's signal reported by two devices is judged from the one
     *     configured for it, as live (issue 14 item 2), so an incident replays with the unit's config as it ran
     * @param retention {@code retention_days}: lines older than this before their receipt are refused, as live
     */
    static int run(String file, Map<String, Double> ruleVariables, List<ConfiguredFeed> feeds,
                   Duration retention) {
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false,
                StandardCharsets.UTF_8);
        try (Reader in = file.equals("-") ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            new Replay(ruleVariables, SignalSources.Configured.of(feeds.stream().map(ConfiguredFeed::feed).toList()),
                    retention)
                    .run(in, out, System.err);
            return 0;
        } catch (IOException e) {
            out.flush();
            System.err.println("replay: cannot read " + file + ": " + e);
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println("replay: " + e.getMessage());
            return 2;
        } finally {
            out.flush();
        }
    }
}
