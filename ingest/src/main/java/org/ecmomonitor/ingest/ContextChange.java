package org.ecmomonitor.ingest;

import java.util.Objects;

/**
 * One stored context change of a bed: when it took effect, the context it produced, and who made it.
 *
 * @param changedBy {@code device:<id>}, {@code broker}, {@code user:<name>}, or null for a change stored before the
 *     monitor recorded authors
 */
public record ContextChange(String bed, long tsMillis, PatientContext after, String changedBy) {

    public ContextChange {
        Ids.require(bed, "bed");
        Objects.requireNonNull(after, "after");
    }
}
