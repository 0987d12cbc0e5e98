package org.ecmomonitor.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Duplicates (alert-rules.md Time 6, contract §1): a sample with the same (bed, device, signal, ts) as one taken in
 * the last 24 h (an MQTT QoS 1 redelivery, a gateway resending) is dropped, so that it is stored once and judged
 * once. For lab and charted signals a result with the same key and a different value replaces the earlier one
 * only when its status is {@code corrected}, or when it is {@code final} and the earlier one {@code preliminary};
 * anything else with that key, a {@code preliminary} after a {@code final} among them, is dropped. The same value
 * again is a duplicate whatever its status. Times are the caller's: receipt times (the server's clock live, the
 * lines' {@code receivedAt} in replay); no clock is read here.
 *
 * <p><b>Memory.</b> Remembering 24 h of every continuous signal at 5,000 beds × ~10 signals at 1 Hz would take
 * 4.3 billion times (35 GB). So:
 * <ul>
 * <li>lab and charted results (a few a day per bed) are remembered for the full 24 h, at most
 *     {@value #RESULTS_PER_SERIES} per (bed, device, signal), one a minute for a day;
 * <li>a continuous series (bed, device, signal) remembers only its last {@value #RECENT_PER_SERIES} times, 5 min
 *     20 s at 1 Hz, as {@code int} offsets in a primitive ring ({@link RecentTimestamps}; nothing boxed per
 *     sample): about 1.4 KB a series with its map entries, 63 MB measured for 5,000 beds × 9 continuous signals
 *     with full rings (12 KB a bed). A QoS 1 redelivery resends at most the client's unacknowledged window (32
 *     messages with our endpoint), well inside that. An older continuous duplicate (a backlog of more than 5
 *     minutes sent twice) is taken again: the stores keep one row per key all the same, and the rules' longest
 *     continuous window is 5 min (median5min), so at 1 Hz it falls outside every window, and for a faster series
 *     it changes at most one sample of a median;
 * <li>a series idle (nothing taken) for 24 h is forgotten, looked for every 10 minutes on the thread of the call
 *     that finds the sweep due; at most {@value #MAX_SERIES} series (twice that load) are remembered, past which
 *     new series are taken without memory (logged once).
 * </ul>
 * Memory is per process: after a restart a redelivered sample is taken again (the stores write it over itself).
 *
 * <p><b>Threads.</b> Thread-safe. A bed's memory is guarded by one of {@value #STRIPES} locks (by bed), held while
 * the caller decides to take the samples ({@link #filter(List, long, Predicate)}): two copies of a sample
 * arriving at once on two connections are judged one after the other, and a message the caller then refuses
 * (write queue full) is not remembered, so that its resend is taken.
 */
public final class DuplicateFilter {
    private static final Logger LOG = LoggerFactory.getLogger(DuplicateFilter.class);
    /** Alert-rules.md Time 6: a duplicate of a sample taken in the last 24 h. */
    public static final Duration HORIZON = Duration.ofHours(24);
    static final int RECENT_PER_SERIES = 320;
    static final int RESULTS_PER_SERIES = 1_440;
    static final int MAX_SERIES = 100_000;
    static final long SWEEP_EVERY_MILLIS = Duration.ofMinutes(10).toMillis();
    private static final int STRIPES = 64;
    private static final int SIGNALS = Signal.values().length;

    /**
     * What became of a message's samples.
     *
     * @param taken the samples to store and to tell the rules, in the message's order
     * @param dropped the duplicates
     * @param remembered false when the caller refused to take the samples: nothing was remembered
     */
    public record Outcome(List<Sample> taken, List<Sample> dropped, boolean remembered) {
        public Outcome {
            taken = List.copyOf(taken);
            dropped = List.copyOf(dropped);
        }
    }

    private final int recentPerSeries;
    private final int resultsPerSeries;
    private final int maxSeries;
    private final long horizonMillis = HORIZON.toMillis();
    private final Stripe[] stripes = new Stripe[STRIPES];
    private final AtomicInteger series = new AtomicInteger();
    private final AtomicLong nextSweepMillis = new AtomicLong(Long.MIN_VALUE);
    private final AtomicBoolean warnedFull = new AtomicBoolean();

    public DuplicateFilter() {
        this(RECENT_PER_SERIES, RESULTS_PER_SERIES, MAX_SERIES);
    }

    DuplicateFilter(int recentPerSeries, int resultsPerSeries, int maxSeries) {
        if (recentPerSeries < 1 || resultsPerSeries < 1 || maxSeries < 1) {
            throw new IllegalArgumentException("duplicate filter bounds must be positive");
        }
        this.recentPerSeries = recentPerSeries;
        this.resultsPerSeries = resultsPerSeries;
        this.maxSeries = maxSeries;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /**
     * Lab and charted signals (signals.md: every "event (lab)" signal, and {@code urine_output} and
     * {@code rbc_units}, charted): the signals without a stale limit. Their results carry a status.
     */
    static boolean isEvent(Signal signal) {
        return signal.isLab() || signal.staleAfter().isEmpty();
    }

    /** Splits a message's samples, received at {@code receivedMillis}, and remembers those it takes. */
    public Outcome filter(List<Sample> samples, long receivedMillis) {
        return filter(samples, receivedMillis, taken -> true);
    }

    /**
     * Splits a message's samples and asks {@code take} (once, with the samples to take, maybe none) whether the
     * caller takes them, under the beds' locks: it must return quickly and not call back into this filter. When
     * it returns false nothing is remembered.
     */
    public Outcome filter(List<Sample> samples, long receivedMillis, Predicate<List<Sample>> take) {
        sweepIfDue(receivedMillis);
        if (samples.isEmpty()) {
            return new Outcome(List.of(), List.of(), take.test(List.of()));
        }
        Stripe[] locked = stripesOf(samples);
        for (Stripe s : locked) {
            s.lock.lock();
        }
        try {
            List<Sample> taken = new ArrayList<>(samples.size());
            List<Sample> dropped = new ArrayList<>(0);
            for (Sample s : samples) {
                if (isNew(s, taken, receivedMillis)) {
                    taken.add(s);
                } else {
                    dropped.add(s);
                }
            }
            List<Sample> toTake = List.copyOf(taken);
            boolean remembered = take.test(toTake);
            if (remembered) {
                for (Sample s : toTake) {
                    remember(s, receivedMillis);
                }
            }
            return new Outcome(toTake, dropped, remembered);
        } finally {
            for (int i = locked.length - 1; i >= 0; i--) {
                locked[i].lock.unlock();
            }
        }
    }

    /** Forgets series with nothing taken since 24 h before {@code nowMillis}, and results taken before that. */
    public void forgetIdle(long nowMillis) {
        long cutoff = nowMillis - horizonMillis;
        for (Stripe stripe : stripes) {
            stripe.lock.lock();
            try {
                stripe.forgetTakenBefore(cutoff);
            } finally {
                stripe.lock.unlock();
            }
        }
    }

    /** Series (continuous or event) remembered now. */
    int seriesRemembered() {
        return series.get();
    }

    /** Continuous times and event results remembered now, over every series. */
    long entriesRemembered() {
        long n = 0;
        for (Stripe stripe : stripes) {
            stripe.lock.lock();
            try {
                n += stripe.entries();
            } finally {
                stripe.lock.unlock();
            }
        }
        return n;
    }

    private boolean isNew(Sample s, List<Sample> takenSoFar, long receivedMillis) {
        boolean event = isEvent(s.signal());
        Sample earlier = lastWithSameKey(takenSoFar, s);
        if (earlier != null) {
            return event ? replaces(s, earlier.value(), earlier.status())
                    : RecentTimestamps.fingerprint(earlier) != RecentTimestamps.fingerprint(s);
        }
        long notBefore = receivedMillis - horizonMillis;
        DeviceMemory device = stripe(s.bed()).find(s.bed(), s.device());
        int i = s.signal().ordinal();
        if (event) {
            TakenResults.Taken t = device == null || device.results[i] == null ? null
                    : device.results[i].get(s.tsMillis(), notBefore);
            return t == null || replaces(s, t.value(), t.status());
        }
        RecentTimestamps recent = device == null ? null : device.recent[i];
        return recent == null || recent.lastTakenMillis() < notBefore
                || !recent.contains(s.tsMillis(), RecentTimestamps.fingerprint(s));
    }

    /** Time 6: a different value replaces a result if corrected, or final over preliminary. */
    private static boolean replaces(Sample later, double earlierValue, LabStatus earlierStatus) {
        if (later.value() == earlierValue) {
            return false;
        }
        return later.status().replaces(earlierStatus);
    }

    /**
     * The last sample of this call with the same key (a batch carrying a sample twice). Quadratic in a batch's
     * size, which a 64 KiB payload keeps under about a thousand: under a millisecond at worst.
     */
    private static Sample lastWithSameKey(List<Sample> taken, Sample s) {
        for (int i = taken.size() - 1; i >= 0; i--) {
            Sample t = taken.get(i);
            if (t.tsMillis() == s.tsMillis() && t.signal() == s.signal() && t.device().equals(s.device())
                    && t.bed().equals(s.bed())) {
                return t;
            }
        }
        return null;
    }

    private void remember(Sample s, long receivedMillis) {
        Stripe stripe = stripe(s.bed());
        DeviceMemory device = stripe.find(s.bed(), s.device());
        int i = s.signal().ordinal();
        boolean event = isEvent(s.signal());
        boolean known = device != null && (event ? device.results[i] != null : device.recent[i] != null);
        if (!known) {
            if (!reserveSeries()) {
                return;
            }
            if (device == null) {
                device = stripe.create(s.bed(), s.device());
            }
            if (event) {
                device.results[i] = new TakenResults(resultsPerSeries);
            } else {
                device.recent[i] = new RecentTimestamps(recentPerSeries);
            }
        }
        if (event) {
            device.results[i].put(s, receivedMillis);
        } else {
            device.recent[i].add(s.tsMillis(), RecentTimestamps.fingerprint(s), receivedMillis);
        }
    }

    private boolean reserveSeries() {
        if (series.incrementAndGet() <= maxSeries) {
            return true;
        }
        series.decrementAndGet();
        if (warnedFull.compareAndSet(false, true)) {
            LOG.warn("duplicate filter remembers {} series, its bound: samples of new series are taken without"
                    + " being remembered (a resend of them is stored over itself and judged again)", maxSeries);
        }
        return false;
    }

    private void sweepIfDue(long nowMillis) {
        long due = nextSweepMillis.get();
        if (nowMillis >= due && nextSweepMillis.compareAndSet(due, nowMillis + SWEEP_EVERY_MILLIS)) {
            forgetIdle(nowMillis);
        }
    }

    private Stripe stripe(String bed) {
        return stripes[index(bed)];
    }

    private static int index(String bed) {
        int h = bed.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    /** The stripes of the message's beds, in index order so that two calls never lock in opposite orders. */
    private Stripe[] stripesOf(List<Sample> samples) {
        int first = index(samples.get(0).bed());
        for (Sample s : samples) {
            if (index(s.bed()) != first) {
                return samples.stream().mapToInt(x -> index(x.bed())).distinct().sorted()
                        .mapToObj(i -> stripes[i]).toArray(Stripe[]::new);
            }
        }
        return new Stripe[] {stripes[first]};
    }

    /** What one device on one bed sent, by signal ordinal: continuous times or event results. */
    private static final class DeviceMemory {
        final RecentTimestamps[] recent = new RecentTimestamps[SIGNALS];
        final TakenResults[] results = new TakenResults[SIGNALS];
    }

    /** The memory of the beds that hash to one lock; every access holds {@link #lock}. */
    private final class Stripe {
        final ReentrantLock lock = new ReentrantLock();
        private final Map<String, Map<String, DeviceMemory>> beds = new HashMap<>();

        DeviceMemory find(String bed, String device) {
            Map<String, DeviceMemory> devices = beds.get(bed);
            return devices == null ? null : devices.get(device);
        }

        DeviceMemory create(String bed, String device) {
            DeviceMemory d = new DeviceMemory();
            beds.computeIfAbsent(bed, b -> new HashMap<>()).put(device, d);
            return d;
        }

        void forgetTakenBefore(long cutoff) {
            for (Iterator<Map<String, DeviceMemory>> b = beds.values().iterator(); b.hasNext(); ) {
                Map<String, DeviceMemory> devices = b.next();
                for (Iterator<DeviceMemory> d = devices.values().iterator(); d.hasNext(); ) {
                    if (forget(d.next(), cutoff)) {
                        d.remove();
                    }
                }
                if (devices.isEmpty()) {
                    b.remove();
                }
            }
        }

        /** Forgets idle series of one device; true when it has none left. */
        private boolean forget(DeviceMemory d, long cutoff) {
            boolean empty = true;
            for (int i = 0; i < SIGNALS; i++) {
                if (d.recent[i] != null && d.recent[i].lastTakenMillis() < cutoff) {
                    d.recent[i] = null;
                    series.decrementAndGet();
                }
                if (d.results[i] != null && d.results[i].forgetTakenBefore(cutoff)) {
                    d.results[i] = null;
                    series.decrementAndGet();
                }
                empty &= d.recent[i] == null && d.results[i] == null;
            }
            return empty;
        }

        long entries() {
            long n = 0;
            for (Map<String, DeviceMemory> devices : beds.values()) {
                for (DeviceMemory d : devices.values()) {
                    for (int i = 0; i < SIGNALS; i++) {
                        n += d.recent[i] == null ? 0 : d.recent[i].size();
                        n += d.results[i] == null ? 0 : d.results[i].size();
                    }
                }
            }
            return n;
        }
    }
}
