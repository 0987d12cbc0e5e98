package org.ecmomonitor.alerts;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.ecmomonitor.ingest.Ids;

/**
 * A procedure suppression (alert-rules.md): for one bed, named rules or all physiological ones, for at most 60
 * min, with a reason; suppressed alerts are still evaluated and recorded as {@code suppressed}; it expires by
 * itself.
 *
 * @param endedAtMillis when it was ended early, or null
 */
public record Suppression(long id, String bed, Set<Rule> rules, boolean allPhysiological, long fromMillis,
                          long untilMillis, String reason, String user, Long endedAtMillis) {
    public static final long MAX_MILLIS = 60 * 60_000L;
    public static final int MAX_REASON = 200;

    public Suppression {
        Ids.require(bed, "bed");
        rules = rules.isEmpty() ? EnumSet.noneOf(Rule.class) : EnumSet.copyOf(rules);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(user, "user");
        if (rules.isEmpty() && !allPhysiological) {
            throw new IllegalArgumentException("name the rules to suppress, or all physiological ones");
        }
        if (untilMillis <= fromMillis || untilMillis - fromMillis > MAX_MILLIS) {
            throw new IllegalArgumentException("a suppression lasts more than 0 and at most 60 min");
        }
        if (reason.isBlank() || reason.length() > MAX_REASON) {
            throw new IllegalArgumentException("a suppression needs a reason of at most " + MAX_REASON + " characters");
        }
        if (user.isBlank()) {
            throw new IllegalArgumentException("a suppression needs the user who asked for it");
        }
    }

    public Suppression withId(long newId) {
        return new Suppression(newId, bed, rules, allPhysiological, fromMillis, untilMillis, reason, user,
                endedAtMillis);
    }

    public Suppression endedAt(long atMillis) {
        return new Suppression(id, bed, rules, allPhysiological, fromMillis, untilMillis, reason, user, atMillis);
    }

    /** Whether it holds back this rule at this time. */
    public boolean covers(Rule rule, long atMillis) {
        boolean running = atMillis >= fromMillis && atMillis < untilMillis
                && (endedAtMillis == null || atMillis < endedAtMillis);
        return running && (rules.contains(rule) || (allPhysiological && rule.kind() == AlertKind.PHYSIOLOGICAL));
    }

    /** The moment it stops: the earlier of its end and its expiry. */
    public long endMillis() {
        return endedAtMillis == null ? untilMillis : Math.min(untilMillis, endedAtMillis);
    }
}
