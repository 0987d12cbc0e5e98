package org.ecmomonitor.ingest;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A context message for one bed: the fields it sets, and the fields it clears (sent as JSON null).
 *
 * @param tsMillis when the context took effect, epoch milliseconds
 * @param changedBy who made the change, kept with the context history: {@code device:<id>} (a signed-in device),
 *     {@code broker} (the site broker authenticated the publisher), {@code user:<name>} (an edit on the board); null
 *     until the pipeline has authorised it (or in replay, where the recording does not say)
 */
public record ContextUpdate(String bed, long tsMillis, PatientContext set, Set<ContextField> cleared,
                            String changedBy) {

    public ContextUpdate {
        Ids.require(bed, "bed");
        Objects.requireNonNull(set, "set");
        cleared = Set.copyOf(cleared);
    }

    /** An update whose author is not known yet. */
    public ContextUpdate(String bed, long tsMillis, PatientContext set, Set<ContextField> cleared) {
        this(bed, tsMillis, set, cleared, null);
    }

    public ContextUpdate changedBy(String who) {
        return new ContextUpdate(bed, tsMillis, set, cleared, who);
    }

    public Instant ts() {
        return Instant.ofEpochMilli(tsMillis);
    }
}
