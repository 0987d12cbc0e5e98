package org.ecmomonitor.app.demo;

import org.ecmomonitor.app.UtcClock;

/**
 * The demo's time: starts at a given instant and runs {@code speed} times faster than the wall clock, monotonic.
 * The monitor and the simulator share it, so a 5-minute MAP hold takes 30 s at 10×, and no sample is ever "from
 * the future" for the server.
 */
public final class SimulatedClock extends UtcClock {
    private final long startMillis;
    private final long startNanos;
    private final double speed;

    public SimulatedClock(long startMillis, double speed) {
        if (!(speed >= 1 && speed <= 1000)) {
            throw new IllegalArgumentException("speed must be within 1..1000, got " + speed);
        }
        this.startMillis = startMillis;
        this.startNanos = System.nanoTime();
        this.speed = speed;
    }

    public double speed() {
        return speed;
    }

    @Override
    public long millis() {
        return startMillis + (long) ((System.nanoTime() - startNanos) / 1e6 * speed);
    }
}
