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
 * by itself (without acknowledgement) within 2 min of being raised, the classic sign of a nuisance alarm; and, for
 * a bed, how many were notified per bed-day of monitoring, per rule and in all.
 *
 * <p>Every stored alert was notified: a condition held back by a procedure suppression or an open parent is recorded
 * as a {@code suppressed} event, never as an alert, so "raised" and "notified" count the same alerts.
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

    /** The unit's goal (issue 13): fewer than this many notified alerts per bed-day on a stable patient. */
    public static final double GOAL_NOTIFIED_PER_BED_DAY = 10;

    private static final long DAY_MILLIS = 86_400_000L;

    /**
     * Notified alerts per bed-day of one bed over a period.
     *
     * @param bedDays the bed's monitored time in the period, in days of 24 h
     * @param notified the alerts raised in the period, in all
     * @param perBedDay null when the bed was not monitored in the period (no bed-day to divide by)
     * @param byRule per rule that raised any: notified alerts per bed-day (null likewise)
     */
    public record Rates(double bedDays, int notified, Double perBedDay, Map<String, Double> byRule) {
    }

    private AlarmBurden() {
    }

    /** Days of 24 h in {@code millis} of monitored time. */
    public static double bedDays(long monitoredMillis) {
        return (double) monitoredMillis / DAY_MILLIS;
    }

    /**
     * The notified alerts of one bed per bed-day: {@code alerts} are those it raised in the period, and
     * {@code monitoredMillis} how long it was monitored in that period.
     */
    public static Rates perBedDay(List<Alert> alerts, long monitoredMillis) {
        if (monitoredMillis < 0) {
            throw new IllegalArgumentException("monitored time cannot be negative");
        }
        double days = bedDays(monitoredMillis);
        Map<String, Integer> counts = new TreeMap<>();
        for (Alert a : alerts) {
            counts.merge(a.rule().name(), 1, Integer::sum);
        }
        Map<String, Double> byRule = new TreeMap<>();
        counts.forEach((rule, n) -> byRule.put(rule, monitoredMillis == 0 ? null : n / days));
        return new Rates(days, alerts.size(), monitoredMillis == 0 ? null : alerts.size() / days,
                Collections.unmodifiableMap(byRule));
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
