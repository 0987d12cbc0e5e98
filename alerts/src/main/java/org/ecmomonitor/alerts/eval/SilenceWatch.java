package org.ecmomonitor.alerts.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.ecmomonitor.ingest.Signal;

/**
 * Which continuous signals of which beds have gone silent (alert-rules.md Time 3): a signal is silent when the
 * engine clock has passed its last receipt by more than its stale limit, whatever the samples' own times and
 * whatever other beds send. One list per stale limit, ordered by last receipt (a signal heard moves to the tail),
 * so finding the silent ones looks only at the heads: O(1) per sample, no timer per bed and signal.
 */
public final class SilenceWatch {
    /** One signal of one bed: its place in its limit's list, and whether its silence was reported. */
    public static final class Feed {
        public final String bed;
        public final Signal signal;
        public final long limitMillis;
        long lastReceipt;
        boolean silent;
        Feed prev;
        Feed next;
        boolean listed;

        Feed(String bed, Signal signal) {
            this.bed = bed;
            this.signal = signal;
            this.limitMillis = signal.staleAfter().orElseThrow().toMillis();
        }
    }

    /** A doubly linked list of feeds in receipt order. */
    private static final class Lane {
        final long limitMillis;
        Feed head;
        Feed tail;

        Lane(long limitMillis) {
            this.limitMillis = limitMillis;
        }

        void unlink(Feed f) {
            if (f.prev == null) {
                head = f.next;
            } else {
                f.prev.next = f.next;
            }
            if (f.next == null) {
                tail = f.prev;
            } else {
                f.next.prev = f.prev;
            }
            f.prev = null;
            f.next = null;
            f.listed = false;
        }

        void append(Feed f) {
            f.prev = tail;
            f.next = null;
            if (tail == null) {
                head = f;
            } else {
                tail.next = f;
            }
            tail = f;
            f.listed = true;
        }
    }

    private final List<Lane> lanes = new ArrayList<>(3);
    private boolean held;

    /**
     * The signal was received at {@code receivedMillis}; returns true when it had been reported silent (the
     * sample ends that silence).
     */
    boolean heard(Feed f, long receivedMillis) {
        Lane lane = lane(f.limitMillis);
        if (f.listed) {
            lane.unlink(f);
        }
        f.lastReceipt = Math.max(f.lastReceipt, receivedMillis);
        lane.append(f);
        boolean wasSilent = f.silent;
        f.silent = false;
        return wasSilent;
    }

    /** Reports, once each, the signals silent at {@code now}; nothing while silences are held. */
    public void due(long now, Consumer<Feed> silent) {
        if (held) {
            return;
        }
        for (Lane lane : lanes) {
            while (lane.head != null && now - lane.head.lastReceipt > lane.limitMillis) {
                Feed f = lane.head;
                lane.unlink(f);
                f.silent = true;
                silent.accept(f);
            }
        }
    }

    /** The first time at which {@link #due} would report something, or Long.MAX_VALUE. */
    public long nextDue() {
        if (held) {
            return Long.MAX_VALUE;
        }
        long next = Long.MAX_VALUE;
        for (Lane lane : lanes) {
            if (lane.head != null) {
                next = Math.min(next, lane.head.lastReceipt + lane.limitMillis + 1);
            }
        }
        return next;
    }

    /**
     * Holds back every silence (ingest refuses all devices' messages: the monitor cannot hear them), or, when it
     * takes them again at {@code t}, lets each stale limit run afresh from {@code t}: a feed is judged silent only
     * for time the monitor could hear it. The lists stay in order: the feeds moved to {@code t} were at the heads.
     */
    public void hold(boolean hold, long t) {
        held = hold;
        if (!hold) {
            for (Lane lane : lanes) {
                for (Feed f = lane.head; f != null; f = f.next) {
                    f.lastReceipt = Math.max(f.lastReceipt, t);
                }
            }
        }
    }

    private Lane lane(long limitMillis) {
        for (Lane lane : lanes) {
            if (lane.limitMillis == limitMillis) {
                return lane;
            }
        }
        Lane lane = new Lane(limitMillis);
        lanes.add(lane);
        return lane;
    }
}
