package org.ecmomonitor.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every rejection per feed and reason ({@code ecmo_ingest_rejected_total}) and logs at most once per feed
 * and reason per minute, saying how many were held back since the last line.
 */
final class RejectLog {
    private static final Logger LOG = LoggerFactory.getLogger(RejectLog.class);
    private static final long LOG_INTERVAL_MILLIS = 60_000;

    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, long[]> lastLogged = new ConcurrentHashMap<>();

    RejectLog(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.meters = meters;
    }

    void record(String feed, String topic, List<Rejection> rejections) {
        for (Rejection r : rejections) {
            String key = feed + '\u0000' + r.reason().wireName();
            counters.computeIfAbsent(key, k -> Counter.builder("ecmo.ingest.rejected")
                    .description("rejected messages and samples, by feed and reason")
                    .tag("feed", feed).tag("reason", r.reason().wireName())
                    .register(meters)).increment();
            maybeLog(key, feed, topic, r);
        }
    }

    private void maybeLog(String key, String feed, String topic, Rejection r) {
        long now = clock.millis();
        long[] state = lastLogged.computeIfAbsent(key, k -> new long[] {Long.MIN_VALUE, 0});
        long heldBack;
        synchronized (state) {
            if (state[0] != Long.MIN_VALUE && now - state[0] < LOG_INTERVAL_MILLIS) {
                state[1]++;
                return;
            }
            heldBack = state[1];
            state[0] = now;
            state[1] = 0;
        }
        LOG.warn("feed {}: rejected {} on {}: {}{}", feed, r.reason().wireName(), topic, r.detail(),
                heldBack == 0 ? "" : " (" + heldBack + " more since the last report)");
    }
}
