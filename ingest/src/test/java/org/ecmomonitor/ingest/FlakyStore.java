package org.ecmomonitor.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** An in-memory {@link SampleStore} that tests can switch off (writes fail) and on, or hold mid-write. */
public final class FlakyStore implements SampleStore {
    private final List<Sample> stored = new ArrayList<>();
    private final List<AlertPoint> alertPoints = new ArrayList<>();
    private volatile boolean down;
    private volatile CountDownLatch gate;
    private volatile int failedWrites;

    public void setDown(boolean down) {
        this.down = down;
    }

    /** Makes writes wait until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    public int failedWrites() {
        return failedWrites;
    }

    public synchronized List<Sample> stored() {
        return List.copyOf(stored);
    }

    @Override
    public void write(List<Sample> samples) throws StoreException {
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted");
            }
        }
        if (down) {
            failedWrites++;
            throw new StoreException("store is down (test)");
        }
        synchronized (this) {
            stored.addAll(samples);
        }
    }

    @Override
    public synchronized void writeAlertPoints(List<AlertPoint> points) throws StoreException {
        if (down) {
            throw new StoreException("store is down (test)");
        }
        alertPoints.addAll(points);
    }

    public synchronized List<AlertPoint> alertPoints() {
        return List.copyOf(alertPoints);
    }

    @Override
    public synchronized List<Sample> latest(long sinceMillis) throws StoreException {
        if (down) {
            throw new StoreException("store is down (test)");
        }
        java.util.Map<String, Sample> newest = new java.util.LinkedHashMap<>();
        for (Sample s : stored) {
            if (s.tsMillis() >= sinceMillis) {
                newest.merge(s.bed() + " " + s.signal(), s, (a, b) -> b.tsMillis() >= a.tsMillis() ? b : a);
            }
        }
        return List.copyOf(newest.values());
    }

    @Override
    public List<TrendPoint> trend(TrendQuery query) {
        return List.of();
    }

    @Override
    public ComponentHealth health() {
        return down ? ComponentHealth.down("store", "down (test)") : ComponentHealth.up("store", "up (test)");
    }

    @Override
    public void close() {
    }
}
