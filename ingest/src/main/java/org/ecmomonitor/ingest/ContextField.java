package org.ecmomonitor.ingest;

/** The fields of a context message (contract §1), with the ranges of signals.md where it gives one. */
public enum ContextField implements WireNamed {
    /** v2: 0.5 to 300 kg, children and neonates are on ECMO too. */
    WEIGHT_KG("weight_kg", 0.5, 300),
    ARTERIAL_CANNULA_SIDE("arterial_cannula_side", 0, 0),
    ECMO_MODE("ecmo_mode", 0, 0),
    CRRT("crrt", 0, 0),
    MAP_TARGET("map_target", 40, 100),
    /** Not bounded by signals.md; bounded here by the ECMO flow plausible range. */
    ECMO_FLOW_MIN("ecmo_flow_min", 0, 10),
    NIRS_BASELINE_LEFT("nirs_baseline_left", 15, 95),
    NIRS_BASELINE_RIGHT("nirs_baseline_right", 15, 95),
    /** v2: {@code va} (the default), {@code va_central} or {@code vv}. */
    ECMO_CONFIG("ecmo_config", 0, 0),
    /** v2: a time (ISO-8601 with an offset or epoch milliseconds), kept as epoch milliseconds. */
    OXYGENATOR_CHANGED_AT("oxygenator_changed_at", 0, 0),
    /** v2: IU/mL, bounded by the anti-Xa plausible range; below {@code anti_xa_max}. */
    ANTI_XA_MIN("anti_xa_min", 0, 3),
    ANTI_XA_MAX("anti_xa_max", 0, 3);

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
