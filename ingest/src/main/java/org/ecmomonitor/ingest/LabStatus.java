package org.ecmomonitor.ingest;

/** Contract §1 lab {@code status}; a {@code corrected} result replaces the earlier one with the same {@code ts}. */
public enum LabStatus implements WireNamed {
    PRELIMINARY("preliminary"), FINAL("final"), CORRECTED("corrected");

    private final String wireName;

    LabStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /**
     * Whether a result with this status replaces an earlier one with the same key (alert-rules.md Time 6): a
     * corrected result always, a final one a preliminary; a preliminary never replaces a final, nor a second
     * preliminary or final the first. Ingest (what is stored) and the engine (what is judged) ask the same question.
     */
    public boolean replaces(LabStatus earlier) {
        return this == CORRECTED || this == FINAL && earlier == PRELIMINARY;
    }
}
