package org.ecmomonitor.alerts.eval;

import java.util.ArrayList;
import java.util.List;
import org.ecmomonitor.alerts.esper.HemoglobinEval;
import org.ecmomonitor.ingest.LabStatus;

/**
 * A bed's hemoglobin results by observation time (a corrected result, or a final one after a preliminary, replaces
 * the earlier one with the same time), kept for the 48 h before the latest.
 */
final class HemoglobinHistory {
    private static final long WINDOW_MILLIS = 48 * 3_600_000L;

    private record Result(long t, double value, LabStatus status) {
    }

    private final List<Result> results = new ArrayList<>();

    HemoglobinEval add(String bed, long t, double value, LabStatus status) {
        TimeOrder.put(results, new Result(t, value, status), Result::t,
                (earlier, later) -> TimeOrder.labReplaces(earlier.status(), later.status()));
        Result latest = results.get(results.size() - 1);
        results.removeIf(r -> r.t() < latest.t() - WINDOW_MILLIS);
        double max = latest.value();
        for (Result r : results) {
            max = Math.max(max, r.value());
        }
        return new HemoglobinEval(bed, latest.t(), latest.value(), max);
    }
}
