package org.ecmomonitor.alerts.eval;

/**
 * The valid samples of one signal of one bed over the last {@code span} ms, in time order, with the statistics
 * of alert-rules.md over a window (t - w, t]. Arrays, not objects, so that a bed costs little memory. Not
 * thread-safe: the engine runs on one thread.
 */
final class SampleWindow {
    private final long span;
    private long[] ts = new long[16];
    private double[] values = new double[16];
    private int head;
    private int size;
    private double[] scratch = new double[16];
    /** Bumped on every change, so a statistic asked twice at one instant (flow, then speed) is computed once. */
    private long version;
    private long memoVersion = -1;
    private long memoT;
    private long memoW;
    private Double memoMedian;

    SampleWindow(long spanMillis) {
        this.span = spanMillis;
    }

    /**
     * Adds a sample (a late one goes into its place by time; one at the time of the newest replaces it, as a
     * redelivered message would otherwise count twice) and forgets what is older than the span.
     */
    void add(long t, double v) {
        if (size > 0 && ts[index(size - 1)] == t) {
            values[index(size - 1)] = v;
            version++;
            return;
        }
        if (size == ts.length) {
            grow();
        }
        int pos = size;
        while (pos > 0 && ts[index(pos - 1)] > t) {
            ts[index(pos)] = ts[index(pos - 1)];
            values[index(pos)] = values[index(pos - 1)];
            pos--;
        }
        ts[index(pos)] = t;
        values[index(pos)] = v;
        size++;
        version++;
        evictBefore(latest() - span);
    }

    /** Forgets samples at or before {@code t}; returns whether any remain. */
    boolean evictBefore(long t) {
        while (size > 0 && ts[head] <= t) {
            head = (head + 1) % ts.length;
            size--;
            version++;
        }
        return size > 0;
    }

    /** Whether a sample is newer than {@code t}. */
    boolean hasAfter(long t) {
        return size > 0 && latest() > t;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long latest() {
        return ts[index(size - 1)];
    }

    /** Median of the samples with time in (t - w, t], or null when there is none. */
    Double median(long t, long w) {
        if (memoVersion == version && memoT == t && memoW == w) {
            return memoMedian;
        }
        int n = collect(t, w);
        Double m;
        if (n == 0) {
            m = null;
        } else if (n % 2 == 1) {
            m = select(scratch, n, n / 2);
        } else {
            double upper = select(scratch, n, n / 2);
            double lower = scratch[0];
            for (int i = 1; i < n / 2; i++) {
                lower = Math.max(lower, scratch[i]);
            }
            m = (lower + upper) / 2;
        }
        memoVersion = version;
        memoT = t;
        memoW = w;
        memoMedian = m;
        return m;
    }

    /**
     * The k-th smallest of a[0..n) (quickselect, O(n) on average); afterwards a[0..k) holds the values at or below
     * it, which the even-size median uses for the lower middle value.
     */
    static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    /** Mean of the samples with time in (t - w, t], or null when there is none. */
    Double mean(long t, long w) {
        int n = collect(t, w);
        if (n == 0) {
            return null;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += scratch[i];
        }
        return sum / n;
    }

    /**
     * Copies the values with time in (t - w, t] to {@code scratch}; the samples are in time order, so the first is
     * found by binary search and a 10 s window of a 5 min span visits 10 samples, not 300.
     */
    private int collect(long t, long w) {
        if (scratch.length < size) {
            scratch = new double[ts.length];
        }
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[index(mid)] <= t - w) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int n = 0;
        for (int i = lo; i < size; i++) {
            int at = index(i);
            if (ts[at] > t) {
                break;
            }
            scratch[n++] = values[at];
        }
        return n;
    }

    private int index(int i) {
        return (head + i) % ts.length;
    }

    private void grow() {
        long[] t2 = new long[ts.length * 2];
        double[] v2 = new double[ts.length * 2];
        for (int i = 0; i < size; i++) {
            t2[i] = ts[index(i)];
            v2[i] = values[index(i)];
        }
        ts = t2;
        values = v2;
        head = 0;
    }
}
