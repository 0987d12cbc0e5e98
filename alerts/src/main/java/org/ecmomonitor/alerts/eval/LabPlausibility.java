package org.ecmomonitor.alerts.eval;

import java.util.EnumMap;
import java.util.Map;
import org.ecmomonitor.alerts.esper.LabPlausibilityEval;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;

/**
 * The latest result of each lab signal of a bed by observation time, plausible or not (LAB_IMPLAUSIBLE: raised by
 * a result outside the plausible range, cleared by the next plausible one). A result older than the latest one
 * arrives too late to be "the next": it changes nothing. One with the same time replaces the latest as lab
 * results do (alert-rules.md Time 6), so a corrected result clears a mistyped one.
 */
final class LabPlausibility {
    private record Latest(long t, LabStatus status) {
    }

    private final Map<Signal, Latest> latest = new EnumMap<>(Signal.class);

    /** The judgement of a lab result when it is its signal's latest, else null. */
    LabPlausibilityEval judge(String bed, Sample s) {
        Latest before = latest.get(s.signal());
        if (before != null && (s.tsMillis() < before.t()
                || s.tsMillis() == before.t() && !TimeOrder.labReplaces(before.status(), s.status()))) {
            return null;
        }
        latest.put(s.signal(), new Latest(s.tsMillis(), s.status()));
        Signal signal = s.signal();
        return new LabPlausibilityEval(bed, signal.wireName(), s.tsMillis(), s.value(),
                signal.canonicalUnit().orElse(""), signal.plausibleMin(), signal.plausibleMax(),
                signal.isPlausible(s.value()));
    }
}
