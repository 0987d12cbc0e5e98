package org.ecmomonitor.alerts.eval;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.ecmomonitor.alerts.esper.SourceConflictEval;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.SourceNotice;

/**
 * The open source conflicts of the beds (SIGNAL_SOURCE_CONFLICT, issue 14 item 2): per bed and signal, the device
 * that is not judged and when it was last heard. A conflict ends when that device has been silent for longer than
 * the signal's stale limit, judged on the engine clock (receipt times) as FEED_STALE is ({@link SilenceWatch}).
 * One list per stale limit in order of last hearing, so the next end is at a list's head: O(1) per notice. Memory:
 * one entry per bed and signal in conflict (the source and one other device; a third device replaces the other).
 */
public final class SourceConflicts {
    private record Key(String bed, Signal signal) {
    }

    private static final class Conflict {
        String judged;
        String other;
        long lastHeard;
    }

    /** Per stale limit, the open conflicts in order of last hearing (re-inserting moves one to the tail). */
    private final Map<Long, LinkedHashMap<Key, Conflict>> lanes = new HashMap<>();
    private boolean held;

    /**
     * A notice from ingest received at {@code now}: sends what the rule must judge ({@code out}): a conflict that
     * begins, or a hand-over (the open conflict, if any, ends and a new one is raised naming the new source).
     */
    public void heard(SourceNotice n, long now, Consumer<SourceConflictEval> out) {
        long limit = n.signal().staleAfter().orElseThrow().toMillis();
        Map<Key, Conflict> lane = lanes.computeIfAbsent(limit, l -> new LinkedHashMap<>());
        Key key = new Key(n.bed(), n.signal());
        Conflict c = lane.remove(key);
        int staleSeconds = (int) (limit / 1000);
        if (c == null || n.handOver() || !c.judged.equals(n.judgedDevice())) {
            if (c != null) {
                out.accept(new SourceConflictEval(n.bed(), n.signal().wireName(), now, n.judgedDevice(), c.other,
                        true, false, staleSeconds));
            } else {
                c = new Conflict();
            }
            out.accept(new SourceConflictEval(n.bed(), n.signal().wireName(), now, n.judgedDevice(),
                    n.otherDevice(), n.handOver(), true, staleSeconds));
        }
        c.judged = n.judgedDevice();
        c.other = n.otherDevice();
        c.lastHeard = Math.max(c.lastHeard, now);
        lane.put(key, c);
    }

    /** Ends, once each, the conflicts whose other device is silent at {@code now}; nothing while held. */
    public void due(long now, Consumer<SourceConflictEval> out) {
        if (held) {
            return;
        }
        for (Map.Entry<Long, LinkedHashMap<Key, Conflict>> lane : lanes.entrySet()) {
            long limit = lane.getKey();
            Iterator<Map.Entry<Key, Conflict>> it = lane.getValue().entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Key, Conflict> e = it.next();
                if (now - e.getValue().lastHeard <= limit) {
                    break;
                }
                it.remove();
                out.accept(new SourceConflictEval(e.getKey().bed(), e.getKey().signal().wireName(), now,
                        e.getValue().judged, e.getValue().other, false, false, (int) (limit / 1000)));
            }
        }
    }

    /** The first time at which {@link #due} would end a conflict, or Long.MAX_VALUE. */
    public long nextDue() {
        if (held) {
            return Long.MAX_VALUE;
        }
        long next = Long.MAX_VALUE;
        for (Map.Entry<Long, LinkedHashMap<Key, Conflict>> lane : lanes.entrySet()) {
            Iterator<Conflict> it = lane.getValue().values().iterator();
            if (it.hasNext()) {
                next = Math.min(next, it.next().lastHeard + lane.getKey() + 1);
            }
        }
        return next;
    }

    /**
     * While ingest refuses every message nothing can be heard, so no conflict ends; when it takes them again at
     * {@code t}, each stale limit runs afresh from {@code t} (as {@link SilenceWatch#hold}).
     */
    public void hold(boolean hold, long t) {
        held = hold;
        if (!hold) {
            for (LinkedHashMap<Key, Conflict> lane : lanes.values()) {
                for (Conflict c : lane.values()) {
                    c.lastHeard = Math.max(c.lastHeard, t);
                }
            }
        }
    }

    /** Open conflicts, for tests of the memory bound. */
    public int size() {
        return lanes.values().stream().mapToInt(Map::size).sum();
    }
}
