package org.ecmomonitor.alerts.eval;

import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.ToLongFunction;
import org.ecmomonitor.ingest.LabStatus;

/** Lists of results kept in observation-time order (lab results, hourly urine), whatever the arrival order. */
final class TimeOrder {
    private TimeOrder() {
    }

    /** Whether a lab result replaces an earlier one with the same observation time: {@link LabStatus#replaces}. */
    static boolean labReplaces(LabStatus earlier, LabStatus later) {
        return later.replaces(earlier);
    }

    /** Puts the item in its place by time; an item with the same time replaces the earlier one (a correction). */
    static <T> void put(List<T> list, T item, ToLongFunction<T> time) {
        put(list, item, time, (earlier, later) -> true);
    }

    /**
     * Puts the item in its place by time; an item with the same time as an earlier one replaces it only where
     * {@code replaces} says so (a preliminary lab result never replaces a final one: alert-rules.md Time 6).
     *
     * @return false when the item was not taken
     */
    static <T> boolean put(List<T> list, T item, ToLongFunction<T> time, BiPredicate<T, T> replaces) {
        long t = time.applyAsLong(item);
        int pos = list.size();
        while (pos > 0 && time.applyAsLong(list.get(pos - 1)) > t) {
            pos--;
        }
        if (pos > 0 && time.applyAsLong(list.get(pos - 1)) == t) {
            if (!replaces.test(list.get(pos - 1), item)) {
                return false;
            }
            list.set(pos - 1, item);
        } else {
            list.add(pos, item);
        }
        return true;
    }
}
