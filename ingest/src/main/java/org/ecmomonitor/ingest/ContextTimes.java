package org.ecmomonitor.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each bed's current context took effect, so that a context message older than it is refused as
 * {@code old_ts} instead of replacing a newer context (issue 14: a context stamped 1970 became a bed's current
 * context). Primed from the stored contexts at start; advanced as contexts are taken.
 */
final class ContextTimes {
    private final Map<String, Long> since = new ConcurrentHashMap<>();

    ContextTimes(Map<String, Long> stored) {
        since.putAll(stored);
    }

    /**
     * {@code result} without its stale context updates, each turned into an {@code old_ts} rejection.
     *
     * @param clinicianEdit an edit through the API, stamped with the server's now: it takes effect even when a
     *     device's context was stamped ahead of the server clock (up to 10 s is allowed), as the clinician expects
     */
    ParseResult admit(ParseResult result, boolean clinicianEdit) {
        if (result.contexts().isEmpty()) {
            return result;
        }
        List<ContextUpdate> taken = new ArrayList<>(result.contexts().size());
        List<Rejection> rejections = new ArrayList<>(result.rejections());
        for (ContextUpdate u : result.contexts()) {
            long[] current = new long[1];
            since.compute(u.bed(), (bed, t) -> {
                current[0] = t == null ? Long.MIN_VALUE : t;
                return t == null ? u.tsMillis() : Math.max(t, u.tsMillis());
            });
            if (clinicianEdit || u.tsMillis() >= current[0]) {
                taken.add(u);
            } else {
                rejections.add(Rejection.ofMessage(RejectReason.OLD_TS, "context 'ts' " + u.ts()
                        + " is older than bed " + u.bed() + "'s current context (" + Instant.ofEpochMilli(current[0])
                        + "): a stale context does not replace a newer one"));
            }
        }
        return new ParseResult(result.samples(), taken, rejections);
    }
}
