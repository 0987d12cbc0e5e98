package org.ecmomonitor.ingest;

import java.util.Objects;

/**
 * Two devices report the same continuous signal for one bed ({@link SignalSources}): {@code judgedDevice} is the
 * bed's source of the signal (the rules judge it, the board shows it), {@code otherDevice} is the other.
 *
 * @param handOver false: {@code otherDevice} sent a sample of the signal that was stored but not judged; true:
 *     {@code judgedDevice} has just become the source because {@code otherDevice}, the source until now, had been
 *     silent for longer than the signal's stale limit
 */
public record SourceNotice(String bed, Signal signal, String judgedDevice, String otherDevice, boolean handOver) {

    public SourceNotice {
        Ids.require(bed, "bed");
        Objects.requireNonNull(signal, "signal");
        Ids.require(judgedDevice, "judged device");
        Ids.require(otherDevice, "other device");
        if (judgedDevice.equals(otherDevice)) {
            throw new IllegalArgumentException("a source conflict needs two devices, got " + judgedDevice + " twice");
        }
    }
}
