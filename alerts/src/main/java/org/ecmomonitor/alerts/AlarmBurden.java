package org.ecmomonitor.alerts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Alarm-burden figures from the stored alerts, what clinicians need to tune thresholds: per rule and per bed-day
 * (UTC), how many were raised, how many acknowledged, the median time to acknowledge, and the share that cleared
 * by itself (without acknowledgement) within 2 min of being raised, the classic sign of a nuisance alarm.
 */
public final class AlarmBurden {
    static final long SELF_CLEARING_MILLIS = 120_000;

    /**
     * @param medianSecondsToAcknowledge null when none was acknowledged
     */
    public record Figures(int raised, int acknowledged, Double medianSecondsToAcknowledge,
                          double shareClearedByItselfWithin2Min) {
    }

    public record Report(Map<String, Figures> byRule, Map<String, Figures> byBedDay) {
    }

    private AlarmBurden() {
    }

    public static Report of(List<Alert> alerts) {
        return new Report(group(alerts, a -> a.rule().name()),
                group(alerts, a -> a.bed() + " " + Instant.ofEpochMilli(a.raisedAtMillis()).atZone(ZoneOffset.UTC)
                        .toLocalDate()));
    }

    private static Map<String, Figures> group(List<Alert> alerts, Function<Alert, String> key) {
        Map<String, List<Alert>> groups = new TreeMap<>();
        for (Alert a : alerts) {
            groups.computeIfAbsent(key.apply(a), k -> new ArrayList<>()).add(a);
        }
        Map<String, Figures> out = new TreeMap<>();
        groups.forEach((k, list) -> out.put(k, figures(list)));
        return out;
    }

    static Figures figures(List<Alert> alerts) {
        List<Long> toAck = new ArrayList<>();
        int selfCleared = 0;
        for (Alert a : alerts) {
            if (a.acknowledgedAtMillis() != null) {
                toAck.add(a.acknowledgedAtMillis() - a.raisedAtMillis());
            } else if (a.clearedAtMillis() != null && a.clearedAtMillis() - a.raisedAtMillis() <= SELF_CLEARING_MILLIS) {
                selfCleared++;
            }
        }
        Collections.sort(toAck);
        Double median = null;
        int n = toAck.size();
        if (n > 0) {
            median = (n % 2 == 1 ? toAck.get(n / 2) : (toAck.get(n / 2 - 1) + toAck.get(n / 2)) / 2.0) / 1000.0;
        }
        return new Figures(alerts.size(), n, median, alerts.isEmpty() ? 0 : (double) selfCleared / alerts.size());
    }
}
