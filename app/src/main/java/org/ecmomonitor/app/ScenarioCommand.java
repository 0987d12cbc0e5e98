package org.ecmomonitor.app;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.ecmomonitor.app.demo.Scenario;
import org.ecmomonitor.app.demo.ScenarioPlayer;
import org.ecmomonitor.app.demo.Scenarios;
import org.ecmomonitor.ingest.Ids;

/**
 * {@code scenario NAME|FILE [--bed B] [--start ISO] [--seed N]}: a scenario converted to replay lines (contract §2) on
 * standard output, for {@code replay} or for another system.
 */
final class ScenarioCommand {
    private ScenarioCommand() {
    }

    static int run(List<String> args) {
        if (args.isEmpty()) {
            System.err.println("scenario: name one of " + Scenarios.BUNDLED + " or a scenario file");
            return 2;
        }
        String bed = "B1";
        Instant start = Instant.parse("2026-11-21T06:00:00Z");
        long seed = 1;
        try {
            for (int i = 1; i < args.size(); i += 2) {
                String value = i + 1 < args.size() ? args.get(i + 1) : null;
                if (value == null) {
                    throw new IllegalArgumentException(args.get(i) + " needs a value");
                }
                switch (args.get(i)) {
                    case "--bed" -> bed = Ids.require(value, "--bed");
                    case "--start" -> start = Instant.parse(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
            Scenario s = Scenarios.load(args.get(0));
            PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false,
                    StandardCharsets.UTF_8);
            for (String line : new ScenarioPlayer(s, seed).replayLines(bed, start.toEpochMilli(), s.durationMillis())) {
                out.println(line);
            }
            out.flush();
            return 0;
        } catch (DateTimeParseException e) {
            System.err.println("scenario: --start must be an ISO-8601 instant, e.g. 2026-11-21T06:00:00Z");
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("scenario: " + e.getMessage());
            return 2;
        }
    }
}
