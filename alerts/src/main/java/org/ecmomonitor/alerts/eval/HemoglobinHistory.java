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

    void add(long t, double value, LabStatus status) {
        TimeOrder.put(results, new Result(t, value, status), Result::t,
                (earlier, later) -> TimeOrder.labReplaces(earlier.status(), later.status()));
        long latestT = latestT();
        results.removeIf(r -> r.t() < latestT - WINDOW_MILLIS);
    }

    boolean isEmpty() {
        return results.isEmpty();
    }

    /** Observation time of the latest result; only when not {@link #isEmpty}. */
    long latestT() {
        return results.get(results.size() - 1).t();
    }

    /**
     * The latest result against the highest of the 48 h before it, with the units transfused after that highest
     * result up to the latest one (alert-rules.md HB_DROP v2). Of equal highest results the earliest is the
     * reference: a transfusion between them went into keeping the value up, and counts.
     */
    HemoglobinEval eval(String bed, TransfusionHistory transfusions) {
        Result latest = results.get(results.size() - 1);
        Result max = latest;
        for (Result r : results) {
            if (r.value() > max.value() || r.value() == max.value() && r.t() < max.t()) {
                max = r;
            }
        }
        return new HemoglobinEval(bed, latest.t(), latest.value(), max.value(),
                transfusions.sum(max.t(), latest.t()));
    }
}
