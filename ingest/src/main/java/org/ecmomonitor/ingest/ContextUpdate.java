package org.ecmomonitor.ingest;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A context message for one bed: the fields it sets, and the fields it clears (sent as JSON null).
 *
 * @param tsMillis when the context took effect, epoch milliseconds
 */
public record ContextUpdate(String bed, long tsMillis, PatientContext set, Set<ContextField> cleared) {

    public ContextUpdate {
        Ids.require(bed, "bed");
        Objects.requireNonNull(set, "set");
        cleared = Set.copyOf(cleared);
    }

    public Instant ts() {
        return Instant.ofEpochMilli(tsMillis);
    }
}
