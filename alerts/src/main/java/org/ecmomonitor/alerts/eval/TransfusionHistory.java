package org.ecmomonitor.alerts.eval;

import java.util.ArrayList;
import java.util.List;
import org.ecmomonitor.alerts.esper.TransfusionEval;

/**
 * A bed's red cell transfusions by observation time (not arrival), for TRANSFUSION_BURDEN's 24 h sum. A
 * transfusion with the same device and time as an earlier one replaces it: the same line delivered twice counts
 * once (alert-rules.md Time 6); two devices charting a unit each at the same time are two units.
 */
final class TransfusionHistory {
    private static final long WINDOW_MILLIS = TransfusionEval.WINDOW_MILLIS;
    /**
     * The adjusted hemoglobin drop counts units up to 48 h before a hemoglobin result; kept twice that behind the
     * newest transfusion so that a hemoglobin result arriving up to 48 h late still finds its units.
     */
    private static final long KEEP_MILLIS = 96 * 3_600_000L;

    private record Units(long t, String device, double units) {
    }

    private final List<Units> given = new ArrayList<>();

    void add(long t, String device, double units) {
        given.removeIf(u -> u.t() == t && u.device().equals(device));
        int pos = given.size();
        while (pos > 0 && given.get(pos - 1).t() > t) {
            pos--;
        }
        given.add(pos, new Units(t, device, units));
        long newest = given.get(given.size() - 1).t();
        given.removeIf(u -> u.t() < newest - KEEP_MILLIS);
    }

    /**
     * Units observed in the 24 h before {@code now}, and any charted a little ahead of it (a charting system whose
     * clock is ahead, within ingest's 10 s future limit, must not be left out until its time comes).
     */
    double sum24h(long now) {
        double sum = 0;
        for (Units u : given) {
            if (u.t() > now - WINDOW_MILLIS) {
                sum += u.units();
            }
        }
        return sum;
    }

    /** Units with observation time in (after, upTo]. */
    double sum(long after, long upTo) {
        double sum = 0;
        for (Units u : given) {
            if (u.t() > after && u.t() <= upTo) {
                sum += u.units();
            }
        }
        return sum;
    }
}
