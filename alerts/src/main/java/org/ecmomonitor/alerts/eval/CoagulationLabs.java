package org.ecmomonitor.alerts.eval;

import java.util.EnumMap;
import java.util.Map;
import org.ecmomonitor.alerts.esper.CoagulationResult;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;

/**
 * The latest valid result of each coagulation lab of a bed by observation time (alert-rules.md Time 5): the rules
 * judge the latest result, so a result drawn before it that arrives late changes nothing, and one with the same
 * time replaces it as lab results do (Time 6).
 */
final class CoagulationLabs {
    private record Result(long t, double value, LabStatus status) {
    }

    private final Map<Signal, Result> latest = new EnumMap<>(Signal.class);

    /** The evaluation of a valid result when it becomes its signal's latest, else null. */
    CoagulationResult add(String bed, Sample s, PatientContext context) {
        Result before = latest.get(s.signal());
        if (before != null && (s.tsMillis() < before.t()
                || s.tsMillis() == before.t() && !TimeOrder.labReplaces(before.status(), s.status()))) {
            return null;
        }
        Result r = new Result(s.tsMillis(), s.value(), s.status());
        latest.put(s.signal(), r);
        return eval(bed, s.signal(), r, context);
    }

    /**
     * The latest anti-Xa judged again when the bed's target range changed (as a weight change re-judges the urine
     * rules), else null.
     */
    CoagulationResult antiXaRangeChanged(String bed, PatientContext before, PatientContext after) {
        Result r = latest.get(Signal.ANTI_XA);
        if (r == null || before.antiXaMinOrDefault() == after.antiXaMinOrDefault()
                && before.antiXaMaxOrDefault() == after.antiXaMaxOrDefault()) {
            return null;
        }
        return eval(bed, Signal.ANTI_XA, r, after);
    }

    private static CoagulationResult eval(String bed, Signal signal, Result r, PatientContext context) {
        return new CoagulationResult(bed, signal.wireName(), r.t(), r.value(), context.antiXaMinOrDefault(),
                context.antiXaMaxOrDefault());
    }
}
