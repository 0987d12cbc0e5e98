package org.ecmomonitor.alerts.eval;

import java.util.ArrayList;
import java.util.List;
import org.ecmomonitor.alerts.esper.LactateResult;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.Sample;

/**
 * A bed's lactate results ordered by observation time (not arrival). A result with the same time as an earlier
 * one replaces it when it is a corrected result, or a final one after a preliminary (never the other way round).
 * No lactate rule looks further back than 24 h: of the results older than 24 h before the latest only the newest is
 * kept, to tell whether a run of high results began before the look-back (its index is then too old).
 */
final class LactateHistory {
    /** LACTATE_NOT_CLEARING's look-back for its index (alert-rules.md v2: an older index is no index). */
    private static final long LOOK_BACK_MILLIS = 24 * 3_600_000L;

    private record Result(long t, double value, String specimen, LabStatus status) {
    }

    private final List<Result> results = new ArrayList<>();

    /** Adds the result and returns the bed's latest result with what the rules compare it to. */
    LactateResult add(String bed, Sample s, double indexThreshold) {
        Result r = new Result(s.tsMillis(), s.value(), s.specimen().wireName(), s.status());
        TimeOrder.put(results, r, Result::t, (earlier, later) -> TimeOrder.labReplaces(earlier.status(),
                later.status()));
        long latestT = results.get(results.size() - 1).t();
        while (results.size() > 1 && results.get(1).t() < latestT - LOOK_BACK_MILLIS) {
            results.remove(0);
        }
        return latest(bed, indexThreshold);
    }

    /** The highest result observed in (from, to], or null. */
    Double max(long from, long to) {
        Double max = null;
        for (Result r : results) {
            if (r.t() > from && r.t() <= to && (max == null || r.value() > max)) {
                max = r.value();
            }
        }
        return max;
    }

    private LactateResult latest(String bed, double indexThreshold) {
        int last = results.size() - 1;
        Result l1 = results.get(last);
        Result l0 = last > 0 ? results.get(last - 1) : null;
        Result index = null;
        for (int i = last - 1; i >= 0 && results.get(i).value() >= indexThreshold; i--) {
            index = results.get(i);
        }
        if (index != null && index.t() < l1.t() - LOOK_BACK_MILLIS) {
            // the first high result since the last one under the threshold lies beyond the 24 h look-back: no
            // index, rather than a later result of the same run taken for one
            index = null;
        }
        return new LactateResult(bed, l1.t(), l1.value(), l1.specimen(),
                l0 == null ? null : l0.value(), l0 == null ? null : l0.t(), l0 == null ? null : l0.specimen(),
                index == null ? null : index.value(), index == null ? null : index.t());
    }
}
