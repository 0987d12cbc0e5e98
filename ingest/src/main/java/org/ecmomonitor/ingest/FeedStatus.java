package org.ecmomonitor.ingest;

import java.util.Map;
import java.util.Set;

/**
 * Live status of one device feed for the feed console.
 *
 * @param lastSeenMillis epoch ms of the last message, or null when never seen
 * @param lastBed the bed of the last message's topic, or null
 * @param rejectedByReason rejected messages and samples since start, by reason
 * @param duplicates samples dropped since start as duplicates of ones already taken (alert-rules.md Time 6), not
 *     rejections
 */
public record FeedStatus(String device, boolean configured, String expectedBed, Long lastSeenMillis,
                         String lastBed, long messagesPerMinute, long samplesPerMinute,
                         Map<RejectReason, Long> rejectedByReason, Set<Signal> signalsSeen, long duplicates) {

    public FeedStatus {
        rejectedByReason = Map.copyOf(rejectedByReason);
        signalsSeen = Set.copyOf(signalsSeen);
    }

    /** A feed without duplicates. */
    public FeedStatus(String device, boolean configured, String expectedBed, Long lastSeenMillis, String lastBed,
                      long messagesPerMinute, long samplesPerMinute, Map<RejectReason, Long> rejectedByReason,
                      Set<Signal> signalsSeen) {
        this(device, configured, expectedBed, lastSeenMillis, lastBed, messagesPerMinute, samplesPerMinute,
                rejectedByReason, signalsSeen, 0);
    }

    /** True when the device publishes for another bed than the one it is configured for. */
    public boolean bedMismatch() {
        return expectedBed != null && lastBed != null && !expectedBed.equals(lastBed);
    }

    public long rejectedTotal() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
