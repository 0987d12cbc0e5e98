package org.ecmomonitor.alerts.eval;

import java.util.ArrayList;
import java.util.List;
import org.ecmomonitor.alerts.esper.UrineEval;
import org.ecmomonitor.ingest.PatientContext;

/** The last 24 hourly urine outputs of a bed, by time; a sample with the same time replaces the earlier one. */
final class UrineHistory {
    private static final int KEEP = 24;

    private record Hour(long t, double ml) {
    }

    private final List<Hour> hours = new ArrayList<>();

    void add(long t, double ml) {
        TimeOrder.put(hours, new Hour(t, ml), Hour::t);
        while (hours.size() > KEEP) {
            hours.remove(0);
        }
    }

    boolean isEmpty() {
        return hours.isEmpty();
    }

    UrineEval eval(String bed, long t, PatientContext context) {
        int n = hours.size();
        boolean last12Zero = n >= 12;
        for (int i = n - 12; i < n && last12Zero; i++) {
            last12Zero = hours.get(i).ml() == 0;
        }
        return new UrineEval(bed, t, hours.get(n - 1).ml(), n > 1 ? hours.get(n - 2).ml() : null, mean(6), mean(12),
                mean(24), last12Zero, context.weightKg(), Boolean.TRUE.equals(context.crrt()));
    }

    private Double mean(int last) {
        int n = hours.size();
        if (n < last) {
            return null;
        }
        double sum = 0;
        for (int i = n - last; i < n; i++) {
            sum += hours.get(i).ml();
        }
        return sum / last;
    }
}
