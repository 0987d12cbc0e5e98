package org.ecmomonitor.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tracks every device that sent something (configured or not): last seen, message and sample rates, rejections by
 * reason, duplicates. Devices that never configured are bounded in number so that a scan of random device ids
 * cannot exhaust memory; past the bound they are counted under {@value #OTHER}.
 */
public final class FeedMonitor {
    public static final String OTHER = "_other";
    static final int MAX_UNCONFIGURED = 1_000;

    private final Clock clock;
    private final FeedRegistry registry;
    private final int maxUnconfigured;
    private final Map<String, Tracker> trackers = new ConcurrentHashMap<>();

    public FeedMonitor(Clock clock, FeedRegistry registry) {
        this(clock, registry, MAX_UNCONFIGURED);
    }

    /** Tracking at most {@code maxUnconfigured} devices that have no feed (configured feeds always). */
    public FeedMonitor(Clock clock, FeedRegistry registry, int maxUnconfigured) {
        this.clock = clock;
        this.registry = registry;
        this.maxUnconfigured = maxUnconfigured;
    }

    /** The key a device's counters live under: itself, or {@value #OTHER} past the bound. */
    public String key(String device) {
        if (trackers.containsKey(device) || registry.find(device).isPresent()
                || trackers.size() < maxUnconfigured) {
            return device;
        }
        return OTHER;
    }

    void recordMessage(String device, String bed, List<Sample> accepted) {
        tracker(device).message(clock.millis(), bed, accepted);
    }

    void recordRejections(String device, List<Rejection> rejections) {
        if (!rejections.isEmpty()) {
            tracker(device).rejected(rejections);
        }
    }

    void recordDuplicates(String device, int duplicates) {
        if (duplicates > 0) {
            tracker(device).duplicates(duplicates);
        }
    }

    public Optional<FeedStatus> status(String device) {
        Tracker t = trackers.get(device);
        Optional<Feed> feed = registry.find(device);
        if (t == null && feed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(t == null ? neverSeen(feed.get()) : t.snapshot(clock.millis(), feed.orElse(null)));
    }

    /** Every configured feed and every device seen, sorted by device id. */
    public List<FeedStatus> all() {
        Set<String> devices = new java.util.TreeSet<>(trackers.keySet());
        registry.all().forEach(f -> devices.add(f.device()));
        List<FeedStatus> out = new ArrayList<>();
        for (String d : devices) {
            status(d).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(FeedStatus::device));
        return out;
    }

    private Tracker tracker(String device) {
        return trackers.computeIfAbsent(key(device), d -> new Tracker(d));
    }

    private static FeedStatus neverSeen(Feed f) {
        return new FeedStatus(f.device(), true, f.expectedBed(), null, null, 0, 0, Map.of(), Set.of());
    }

    private static final class Tracker {
        private final String device;
        private final RateWindow messages = new RateWindow();
        private final RateWindow samples = new RateWindow();
        private final Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
        private final Set<Signal> signalsSeen = EnumSet.noneOf(Signal.class);
        private long duplicates;
        private Long lastSeen;
        private String lastBed;

        Tracker(String device) {
            this.device = device;
        }

        synchronized void message(long now, String bed, List<Sample> accepted) {
            lastSeen = now;
            if (bed != null) {
                lastBed = bed;
            }
            messages.add(now, 1);
            samples.add(now, accepted.size());
            for (Sample s : accepted) {
                signalsSeen.add(s.signal());
            }
        }

        synchronized void rejected(List<Rejection> rejections) {
            for (Rejection r : rejections) {
                rejected.merge(r.reason(), 1L, Long::sum);
            }
        }

        synchronized void duplicates(int n) {
            duplicates += n;
        }

        synchronized FeedStatus snapshot(long now, Feed feed) {
            return new FeedStatus(device, feed != null, feed == null ? null : feed.expectedBed(), lastSeen, lastBed,
                    messages.lastMinute(now), samples.lastMinute(now), rejected, signalsSeen, duplicates);
        }
    }
}
