package org.ecmomonitor.alerts;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The rule catalogue: what the lifecycle needs to know about each rule (kind, latching, which rules it holds
 * back). When a rule raises and clears, its thresholds and hold times, live in the EPL modules under
 * {@code src/main/resources/epl/}, where a clinician can review them.
 */
public enum Rule {
    MAP_LOW(AlertKind.PHYSIOLOGICAL, false),
    MAP_CRITICAL(AlertKind.PHYSIOLOGICAL, false, MAP_LOW),
    PULSE_PRESSURE_LOW(AlertKind.PHYSIOLOGICAL, false),
    ARTLINE_ARTIFACT(AlertKind.TECHNICAL, false),
    LACTATE_HIGH(AlertKind.PHYSIOLOGICAL, false),
    LACTATE_RISING(AlertKind.PHYSIOLOGICAL, false),
    LACTATE_NOT_CLEARING(AlertKind.PHYSIOLOGICAL, false),
    LIMB_NIRS_LOW(AlertKind.PHYSIOLOGICAL, false),
    LIMB_NIRS_ASYMMETRY(AlertKind.PHYSIOLOGICAL, false),
    LIMB_NIRS_DROP(AlertKind.PHYSIOLOGICAL, false),
    DPC_FLOW_LOW(AlertKind.PHYSIOLOGICAL, false),
    DPC_FLOW_LOSS(AlertKind.PHYSIOLOGICAL, false, DPC_FLOW_LOW),
    LIMB_ISCHEMIA(AlertKind.PHYSIOLOGICAL, true, LIMB_NIRS_LOW, LIMB_NIRS_ASYMMETRY, LIMB_NIRS_DROP, DPC_FLOW_LOW,
            DPC_FLOW_LOSS),
    NIRS_ARTIFACT(AlertKind.TECHNICAL, false),
    ECMO_FLOW_LOW(AlertKind.PHYSIOLOGICAL, false),
    ECMO_FLOW_DECLINE(AlertKind.PHYSIOLOGICAL, false),
    ECMO_FLOW_DROP(AlertKind.PHYSIOLOGICAL, false, ECMO_FLOW_DECLINE),
    ECMO_SUCTION(AlertKind.PHYSIOLOGICAL, false, ECMO_FLOW_DROP, ECMO_FLOW_DECLINE),
    ECMO_PUMP_STOP(AlertKind.PHYSIOLOGICAL, false, ECMO_FLOW_LOW, ECMO_FLOW_DROP, ECMO_FLOW_DECLINE, ECMO_SUCTION),
    ECMO_MODE_MISMATCH(AlertKind.TECHNICAL, false),
    FEED_STALE(AlertKind.TECHNICAL, false),
    /** Per signal: only artifacts for 30 s on a signal without a dedicated artifact rule (v2). */
    SIGNAL_ARTIFACT(AlertKind.TECHNICAL, false),
    DIFFERENTIAL_HYPOXIA(AlertKind.PHYSIOLOGICAL, false),
    OXYGENATOR_DP_HIGH(AlertKind.PHYSIOLOGICAL, false),
    /** Per device (its key is the device, not a signal): its clock off the server's (alert-rules.md Time 2). */
    DEVICE_CLOCK(AlertKind.TECHNICAL, false),
    HYPOPERFUSION(AlertKind.PHYSIOLOGICAL, false, MAP_LOW, LACTATE_HIGH, LACTATE_RISING, LACTATE_NOT_CLEARING),
    UO_LOW(AlertKind.PHYSIOLOGICAL, false),
    UO_KDIGO_1(AlertKind.PHYSIOLOGICAL, false),
    UO_KDIGO_2(AlertKind.PHYSIOLOGICAL, false, UO_KDIGO_1, UO_LOW),
    UO_KDIGO_3(AlertKind.PHYSIOLOGICAL, false, UO_KDIGO_2),
    HB_DROP(AlertKind.PHYSIOLOGICAL, true),
    HB_DROP_SEVERE(AlertKind.PHYSIOLOGICAL, true, HB_DROP),
    TRANSFUSION_BURDEN(AlertKind.PHYSIOLOGICAL, false),
    HEMOLYSIS(AlertKind.PHYSIOLOGICAL, false),
    PLATELETS_LOW(AlertKind.PHYSIOLOGICAL, false),
    ANTI_XA_OUT_OF_RANGE(AlertKind.PHYSIOLOGICAL, false),
    /** Per signal (its key is the lab signal): a lab result outside its plausible range (alert-rules.md v2). */
    LAB_IMPLAUSIBLE(AlertKind.TECHNICAL, false),
    /**
     * Per signal: two devices report one continuous signal of a bed; one is judged, the other stored only (issue 14
     * item 2, ingest's SignalSources).
     */
    SIGNAL_SOURCE_CONFLICT(AlertKind.TECHNICAL, false);

    private final AlertKind kind;
    private final boolean latching;
    private final Rule[] children;

    Rule(AlertKind kind, boolean latching, Rule... children) {
        this.kind = kind;
        this.latching = latching;
        this.children = children;
    }

    public AlertKind kind() {
        return kind;
    }

    /** Latching rules stay open after their condition clears until someone acknowledges them. */
    public boolean latching() {
        return latching;
    }

    /**
     * Rules over lab and charted results (alert-rules.md Time 5): judged by observation time, raised on the engine
     * clock, their events carrying the deciding result's time as {@code observedAt}.
     */
    public boolean judgesResults() {
        return switch (this) {
            case LACTATE_HIGH, LACTATE_RISING, LACTATE_NOT_CLEARING, UO_LOW, UO_KDIGO_1, UO_KDIGO_2, UO_KDIGO_3,
                    HB_DROP, HB_DROP_SEVERE, TRANSFUSION_BURDEN, HEMOLYSIS, PLATELETS_LOW, ANTI_XA_OUT_OF_RANGE,
                    LAB_IMPLAUSIBLE -> true;
            default -> false;
        };
    }

    /** The rules this one holds back while it is open. */
    public Set<Rule> children() {
        Set<Rule> out = EnumSet.noneOf(Rule.class);
        out.addAll(java.util.Arrays.asList(children));
        return out;
    }

    /** The rules that hold this one back, directly or through a parent (UO_KDIGO_3 holds back UO_KDIGO_1). */
    public Set<Rule> ancestors() {
        Set<Rule> out = EnumSet.noneOf(Rule.class);
        for (Rule p : parents()) {
            out.add(p);
            out.addAll(p.ancestors());
        }
        return out;
    }

    /** The rules that hold this one back. */
    public Set<Rule> parents() {
        Set<Rule> out = EnumSet.noneOf(Rule.class);
        for (Rule r : values()) {
            if (java.util.Arrays.asList(r.children).contains(this)) {
                out.add(r);
            }
        }
        return out;
    }

    public static Optional<Rule> byName(String name) {
        for (Rule r : values()) {
            if (r.name().equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
