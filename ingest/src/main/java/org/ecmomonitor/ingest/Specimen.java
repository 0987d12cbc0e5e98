package org.ecmomonitor.ingest;

/** Contract §1 lab {@code specimen}; LACTATE_RISING is skipped when two known specimens differ. */
public enum Specimen implements WireNamed {
    ARTERIAL("arterial"), VENOUS("venous"), CAPILLARY("capillary"), UNKNOWN("unknown");

    private final String wireName;

    Specimen(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
