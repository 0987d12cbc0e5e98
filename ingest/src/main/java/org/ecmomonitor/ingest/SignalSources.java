package org.ecmomonitor.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source per continuous signal per bed (issue 14, item 2). When two devices report the same signal for one bed,
 * the rules and the board take it from one of them, the bed's source of that signal; the other's samples are stored
 * (with their device) but neither judged nor shown as the bed's value, and each of them is announced as a
 * {@link SourceNotice} (the alert engine raises SIGNAL_SOURCE_CONFLICT from it).
 *
 * <p>The source is chosen among the eligible devices: those whose feed names this bed and lists the signal in its
 * {@code expected_signals}, or, when no feed does, every device. Among them the first heard is the source, and it
 * stays the source while it sends. It hands over to another eligible device only once it has been silent for longer
 * than the signal's stale limit (signals.md), when FEED_STALE has announced its silence: a newcomer never takes over
 * from a source that is merely late, and a device that is not eligible never takes over at all (a configured
 * console that stops is FEED_STALE, never replaced by a shadow). A configuration change applies to the next sample:
 * a source that is no longer eligible loses the signal at once.
 *
 * <p>Lab and charted results (the signals without a stale limit: labs, urine output, transfusions) are exempt: they
 * are discrete results, and a lab system and a blood gas analyser legitimately report the same lab for one bed; a
 * repeated result is already caught by {@link DuplicateFilter} and ordered by {@link LabStatus}.
 *
 * <p>Memory: one small entry per bed and continuous signal heard (the source and when it was last heard); the
 * devices that are not the source are not remembered here. Thread-safe: collectors call it from their threads.
 */
public final class SignalSources {
    private static final Logger LOG = LoggerFactory.getLogger(SignalSources.class);

    /** Which devices are configured as a bed's source of a signal. */
    @FunctionalInterface
    public interface Configured {
        /** Configured for nothing: the first device heard is every signal's source. */
        Configured NONE = (bed, signal) -> Set.of();

        /** The devices whose feed names {@code bed} and lists {@code signal} in its expected signals. */
        Set<String> devices(String bed, Signal signal);

        /** A fixed set of feeds (replay: the feeds of its config file). */
        static Configured of(Collection<Feed> feeds) {
            Map<String, Map<Signal, Set<String>>> index = new HashMap<>();
            for (Feed f : feeds) {
                for (String bed : f.beds()) {
                    for (Signal s : f.expectedSignals()) {
                        index.computeIfAbsent(bed, b -> new HashMap<>())
                                .computeIfAbsent(s, x -> new TreeSet<>()).add(f.device());
                    }
                }
            }
            return (bed, signal) -> index.getOrDefault(bed, Map.of()).getOrDefault(signal, Set.of());
        }
    }

    /**
     * A message's samples sorted out: those of the bed's sources (judged, shown), the others (stored only), and a
     * notice per bed, signal and pair of devices for the others and for each hand-over.
     */
    public record Split(List<Sample> judged, List<Sample> notJudged, List<SourceNotice> notices) {
        public Split {
            judged = List.copyOf(judged);
            notJudged = List.copyOf(notJudged);
            notices = List.copyOf(notices);
        }
    }

    private record Key(String bed, Signal signal) {
    }

    /** The bed's source of one signal: who, when last heard (receipt time), and the last other device logged. */
    private static final class Source {
        String device;
        long lastReceipt;
        String loggedOther;
    }

    private final Configured configured;
    private final Map<Key, Source> sources = new ConcurrentHashMap<>();
    /** While ingest refuses every message (its queue full) nothing can be heard: no source is judged silent. */
    private volatile boolean held;
    /** When ingest last took messages again: every source counts as heard then (as SilenceWatch in the alerts). */
    private volatile long heardFloor = Long.MIN_VALUE;

    public SignalSources(Configured configured) {
        this.configured = configured;
    }

    /** Sorts samples ingest took at {@code receivedMillis} (server clock; in replay, the line's receipt time). */
    public Split split(List<Sample> samples, long receivedMillis) {
        List<Sample> judged = null;
        List<Sample> others = null;
        Set<SourceNotice> notices = null;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            SourceNotice notice = s.signal().staleAfter().isEmpty() ? null : choose(s, receivedMillis);
            boolean isJudged = notice == null || notice.handOver();
            if (notice == null && judged == null) {
                continue; // every sample so far judged: the common case allocates nothing
            }
            if (judged == null) {
                judged = new ArrayList<>(samples.subList(0, i));
                others = new ArrayList<>();
                notices = new LinkedHashSet<>();
            }
            (isJudged ? judged : others).add(s);
            if (notice != null) {
                notices.add(notice);
            }
        }
        return judged == null ? new Split(samples, List.of(), List.of())
                : new Split(judged, others, List.copyOf(notices));
    }

    /** Null when the sample's device is the source and stays it; else the notice (a hand-over is judged). */
    private SourceNotice choose(Sample s, long now) {
        Set<String> eligible = configured.devices(s.bed(), s.signal());
        Source src = sources.computeIfAbsent(new Key(s.bed(), s.signal()), k -> new Source());
        synchronized (src) {
            if (src.device != null && !eligible.isEmpty() && !eligible.contains(src.device)) {
                LOG.warn("bed {} {}: {} is no longer configured for it; its samples are no longer judged",
                        s.bed(), s.signal(), src.device);
                src.device = null;
            }
            boolean isEligible = eligible.isEmpty() || eligible.contains(s.device());
            if (src.device == null) {
                if (isEligible) {
                    src.device = s.device();
                    src.lastReceipt = now;
                    return null;
                }
                return notJudged(src, s, new TreeSet<>(eligible).first());
            }
            if (src.device.equals(s.device())) {
                src.lastReceipt = Math.max(src.lastReceipt, now);
                return null;
            }
            long silentFor = now - Math.max(src.lastReceipt, heardFloor);
            if (isEligible && !held && silentFor > s.signal().staleAfter().orElseThrow().toMillis()) {
                LOG.warn("bed {} {}: {} silent for {} s; judging {} from now", s.bed(), s.signal(), src.device,
                        silentFor / 1000, s.device());
                SourceNotice handOver = new SourceNotice(s.bed(), s.signal(), s.device(), src.device, true);
                src.device = s.device();
                src.lastReceipt = now;
                src.loggedOther = handOver.otherDevice();
                return handOver;
            }
            return notJudged(src, s, src.device);
        }
    }

    private static SourceNotice notJudged(Source src, Sample s, String judged) {
        if (!s.device().equals(src.loggedOther)) {
            src.loggedOther = s.device();
            LOG.warn("bed {} {}: also sent by {}; stored, not judged: the bed's source is {}", s.bed(), s.signal(),
                    s.device(), judged);
        }
        return new SourceNotice(s.bed(), s.signal(), judged, s.device(), false);
    }

    /**
     * Ingest refuses every device's messages ({@code hold}) or takes them again at {@code atMillis}: a source is not
     * handed over for a silence the monitor could not hear; its stale limit runs afresh from then.
     */
    public void hold(boolean hold, long atMillis) {
        if (!hold) {
            heardFloor = Math.max(heardFloor, atMillis);
        }
        held = hold;
    }

    /** Bed and signal pairs remembered (at most beds × continuous signals). */
    public int size() {
        return sources.size();
    }
}
