package org.ecmomonitor.alerts.eval;

import java.util.List;
import java.util.function.ToLongFunction;

/** Lists of results kept in observation-time order (lab results, hourly urine), whatever the arrival order. */
final class TimeOrder {
    private TimeOrder() {
    }

    /** Puts the item in its place by time; an item with the same time replaces the earlier one (a correction). */
    static <T> void put(List<T> list, T item, ToLongFunction<T> time) {
        long t = time.applyAsLong(item);
        int pos = list.size();
        while (pos > 0 && time.applyAsLong(list.get(pos - 1)) > t) {
            pos--;
        }
        if (pos > 0 && time.applyAsLong(list.get(pos - 1)) == t) {
            list.set(pos - 1, item);
        } else {
            list.add(pos, item);
        }
    }
}
