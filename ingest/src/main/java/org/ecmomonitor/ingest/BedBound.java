package org.ecmomonitor.ingest;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The beds ingest takes data for, at most {@code max} (issue 14: 16,000 invented beds became 16,000 open
 * FEED_STALE alerts). A bed named by a feed, or with a stored context, always counts as known; past the bound a new
 * bed's data is refused, so it never reaches the rules or the board.
 */
final class BedBound {
    private final FeedRegistry feeds;
    private final int max;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    BedBound(FeedRegistry feeds, int max, Set<String> withContext) {
        this.feeds = feeds;
        this.max = max;
        known.addAll(withContext);
    }

    /** Whether data for the bed may be taken; a bed taken once stays known. */
    boolean admit(String bed) {
        if (known.contains(bed)) {
            return true;
        }
        boolean configured = feeds.all().stream().anyMatch(f -> f.beds().contains(bed));
        synchronized (this) {
            if (configured || known.size() < max) {
                known.add(bed);
                return true;
            }
        }
        return false;
    }

    int max() {
        return max;
    }
}
