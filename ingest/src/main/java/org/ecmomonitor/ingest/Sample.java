package org.ecmomonitor.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * One accepted observation in canonical units. {@code artifact} is true when the sample is not valid in the sense
 * of alert-rules.md (outside the plausible range, or {@code quality} other than ok): it is stored, flagged, and
 * kept out of physiological rules. The value and unit as sent travel with it for audit.
 *
 * @param tsMillis observation time, epoch milliseconds
 * @param originalUnit the unit as the device wrote it, or null for a signal without a unit
 */
public record Sample(String bed, String device, Signal signal, long tsMillis, double value, Quality quality,
                     boolean artifact, LabStatus status, Specimen specimen, double originalValue,
                     String originalUnit) {

    public Sample {
        Ids.require(bed, "bed");
        Ids.require(device, "device");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(specimen, "specimen");
        if (!Double.isFinite(value) || !Double.isFinite(originalValue)) {
            throw new IllegalArgumentException("sample values must be finite");
        }
        if (artifact != (quality != Quality.OK || !signal.isPlausible(value))) {
            throw new IllegalArgumentException("artifact flag must follow quality and the plausible range");
        }
    }

    /** A valid, canonical-unit sample as our own code (simulator, tests, replay) builds it. */
    public static Sample of(String bed, String device, Signal signal, long tsMillis, double value) {
        return new Sample(bed, device, signal, tsMillis, value, Quality.OK, !signal.isPlausible(value),
                LabStatus.FINAL, Specimen.UNKNOWN, value, signal.canonicalUnit().orElse(null));
    }

    /**
     * A sample as a store gives it back (the board's latest values): the artifact flag as stored, the details a
     * store does not keep set to their defaults.
     */
    public static Sample stored(String bed, String device, Signal signal, long tsMillis, double value,
                                boolean artifact) {
        Quality q = artifact && signal.isPlausible(value) ? Quality.ARTIFACT : Quality.OK;
        return new Sample(bed, device, signal, tsMillis, value, q, !signal.isPlausible(value) || q != Quality.OK,
                LabStatus.FINAL, Specimen.UNKNOWN, value, signal.canonicalUnit().orElse(null));
    }

    public Instant ts() {
        return Instant.ofEpochMilli(tsMillis);
    }

    /** Valid in the sense of alert-rules.md: only these feed physiological rules. */
    public boolean valid() {
        return !artifact;
    }
}
