package org.ecmomonitor.dashboards;

import java.time.Clock;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.ecmomonitor.ingest.SampleStore;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.StoreException;
import org.ecmomonitor.ingest.TrendPoint;
import org.ecmomonitor.ingest.TrendQuery;

/**
 * How long a bed was monitored in a period, the denominator of its alarm burden per bed-day: the minutes of the
 * period (up to now) in which the store holds a valid sample of one of the bed's continuous signals (those with a
 * stale limit: pressures, flows, pump speed, NIRS, SpO2). Labs and charting alone do not make a bed monitored, and
 * a gap (a transport, a feed down, the bed empty) is not counted. Minutes are aligned to the epoch, as the store's
 * buckets are; the first and last minute count only their part inside the period, and the current one only up to
 * now.
 *
 * <p>It reads the store's one-minute trend of each continuous signal (at most {@link TrendQuery#MAX_BUCKETS}
 * minutes per query) and stops early once every minute is covered, which for a bed monitored throughout is after
 * its first signal.
 */
public final class MonitoredTime {
    static final long MINUTE = 60_000;
    static final List<Signal> CONTINUOUS = Arrays.stream(Signal.values())
            .filter(s -> s.staleAfter().isPresent()).toList();

    private final SampleStore store;
    private final Clock clock;

    public MonitoredTime(SampleStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Milliseconds of [from, to) that {@code bed} was monitored, not counting any time after now. */
    public long millis(String bed, long fromMillis, long toMillis) throws StoreException {
        long end = Math.min(toMillis, clock.millis());
        if (end <= fromMillis) {
            return 0;
        }
        long first = Math.floorDiv(fromMillis, MINUTE) * MINUTE;
        int minutes = (int) ((end - first + MINUTE - 1) / MINUTE);
        BitSet covered = new BitSet(minutes);
        long chunk = TrendQuery.MAX_BUCKETS * MINUTE;
        for (Signal signal : CONTINUOUS) {
            long from = fromMillis;
            while (from < end) {
                long to = Math.min(end, first + ((from - first) / chunk + 1) * chunk);
                for (TrendPoint p : store.trend(new TrendQuery(bed, signal, from, to, MINUTE))) {
                    if (p.n() > 0) {
                        covered.set((int) ((p.tMillis() - first) / MINUTE));
                    }
                }
                from = to;
            }
            if (covered.cardinality() == minutes) {
                break;
            }
        }
        long total = 0;
        for (int i = covered.nextSetBit(0); i >= 0; i = covered.nextSetBit(i + 1)) {
            long start = first + i * MINUTE;
            total += Math.min(end, start + MINUTE) - Math.max(fromMillis, start);
        }
        return total;
    }
}
