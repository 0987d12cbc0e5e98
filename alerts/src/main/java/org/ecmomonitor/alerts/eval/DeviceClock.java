package org.ecmomonitor.alerts.eval;

/**
 * One device's clock offset against the server's (alert-rules.md Time 2): receipt time minus observation time, so
 * positive when the device's clock is behind or its messages lag. A device's continuous samples are judged at
 * {@code ts + offset}, so that every device of a bed shares the server's timeline.
 *
 * <p>The estimate is the lower envelope of {@code receipt - ts}: network jitter and backlogs only ever add to it,
 * so the smallest recent value is the device's clock plus its steady transport lag. It follows at once a device
 * that moves ahead (an NTP step forward, a shorter lag). It rises only when a whole window of {@link #RISE_WINDOW}
 * of receipt time, in which the data came no faster than real time, stayed above it (a step back, a longer steady
 * lag): a backlog, which a reconnecting gateway sends faster than real time, never raises it, so its samples are
 * judged at their own times in the past rather than now.
 *
 * <p>On first contact nothing is known: the first messages may be a backlog (a gateway, or a broker, redelivering
 * what it queued while the monitor was away), and taking the first {@code receipt - ts} as the offset would put a
 * 5-minute backlog at the same instant, now. So a device is first trusted to be in step with the server (or, if its
 * first message is ahead of the server, that far ahead: a backlog cannot explain that), and a steady lag or a clock
 * behind is adopted by the rising rule above, once a window at the live rate has shown it.
 */
final class DeviceClock {
    /** How long a device must look further behind, at its live rate, before the estimate follows. */
    static final long RISE_WINDOW = 10_000;
    /** Data arriving faster than this many times real time is a backlog being resent. */
    private static final long BACKLOG_RATE = 2;

    /** The receipt second in which DEVICE_CLOCK last judged this device (BedState). */
    long judgedSecond = Long.MIN_VALUE;
    /**
     * DEVICE_CLOCK judgments in step since the device was last off (BedState): the device is judged until this
     * reaches the clear hold, counted in judgments (one a second of receipt), not in time, so that a device that
     * fell silent while off, or one whose alert was restored at start, is still judged when it is heard again.
     */
    int inStepJudged;
    private boolean known;
    private long estimate;
    private long windowStart;
    private long windowMin;
    private long windowFirstTs;
    private long windowLastTs;

    /** Takes a continuous sample's times and returns the offset to judge it with; never more than its own. */
    long offset(long ts, long receivedMillis) {
        long o = receivedMillis - ts;
        if (!known) {
            known = true;
            estimate = Math.min(o, 0);
            startWindow(ts, receivedMillis, o);
            return estimate;
        }
        if (receivedMillis - windowStart >= RISE_WINDOW) {
            long receiptSpan = receivedMillis - windowStart;
            long dataSpan = windowLastTs - windowFirstTs;
            if (windowMin > estimate && dataSpan <= BACKLOG_RATE * receiptSpan) {
                estimate = windowMin;
            }
            startWindow(ts, receivedMillis, o);
        } else {
            windowMin = Math.min(windowMin, o);
            windowFirstTs = Math.min(windowFirstTs, ts);
            windowLastTs = Math.max(windowLastTs, ts);
        }
        if (o < estimate) {
            estimate = o;
        }
        return estimate;
    }

    private void startWindow(long ts, long receivedMillis, long o) {
        windowStart = receivedMillis;
        windowMin = o;
        windowFirstTs = ts;
        windowLastTs = ts;
    }

    boolean known() {
        return known;
    }

    long estimate() {
        return estimate;
    }
}
