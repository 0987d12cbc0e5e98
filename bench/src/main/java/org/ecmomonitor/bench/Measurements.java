package org.ecmomonitor.bench;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * What a run measures: samples sent and durably acknowledged, the latency from each publish's scheduled time to its
 * PUBACK (= durably stored), and from each scripted alert's instant to its arrival on the live feed. Histograms in
 * microseconds, up to an hour, 3 significant digits, so that a backlog shows in the tail instead of hiding.
 */
final class Measurements {
    final Recorder durable = new Recorder(3_600_000_000L, 3);
    final Recorder alert = new Recorder(3_600_000_000L, 3);
    final LongAdder samplesSent = new LongAdder();
    final LongAdder samplesAcked = new LongAdder();
    final LongAdder samplesNotSent = new LongAdder();
    final LongAdder lostAtClose = new LongAdder();
    private volatile boolean recording;

    void recording(boolean on) {
        recording = on;
    }

    void sent(int samples) {
        if (recording) {
            samplesSent.add(samples);
        }
    }

    void notSent(int samples) {
        if (recording) {
            samplesNotSent.add(samples);
        }
    }

    void acknowledged(long latencyNanos, int samples) {
        if (recording) {
            samplesAcked.add(samples);
            durable.recordValue(Math.max(1, latencyNanos / 1000));
        }
    }

    void unacknowledgedAtClose(int messages) {
        lostAtClose.add(messages);
    }

    void alertLatency(long micros) {
        if (recording) {
            alert.recordValue(Math.max(1, micros));
        }
    }
}
