package org.ecmomonitor.ingest;

/** The fields of a context message (contract §1), with the ranges of signals.md where it gives one. */
public enum ContextField implements WireNamed {
    WEIGHT_KG("weight_kg", 30, 250),
    ARTERIAL_CANNULA_SIDE("arterial_cannula_side", 0, 0),
    ECMO_MODE("ecmo_mode", 0, 0),
    CRRT("crrt", 0, 0),
    MAP_TARGET("map_target", 40, 100),
    /** Not bounded by signals.md; bounded here by the ECMO flow plausible range. */
    ECMO_FLOW_MIN("ecmo_flow_min", 0, 10),
    NIRS_BASELINE_LEFT("nirs_baseline_left", 15, 95),
    NIRS_BASELINE_RIGHT("nirs_baseline_right", 15, 95);

    private final String wireName;
    private final double min;
    private final double max;

    ContextField(String wireName, double min, double max) {
        this.wireName = wireName;
        this.min = min;
        this.max = max;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public boolean inRange(double value) {
        return value >= min && value <= max;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }
}
