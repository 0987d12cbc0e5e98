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
}
