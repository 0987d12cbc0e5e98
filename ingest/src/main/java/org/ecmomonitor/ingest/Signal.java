package org.ecmomonitor.ingest;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The canonical signals of signals.md v2: canonical unit, accepted units with their exact conversion factors,
 * plausible range (outside it a sample is an artifact: stored, flagged, kept out of physiological rules) and the
 * stale limit used by FEED_STALE.
 *
 * <p>The hard range is ours, not the spec's: a value outside it is not a physiological artifact but something no
 * sensor can report (a percentage above 100, a negative volume, a pressure of 10^6), so it is rejected as
 * {@code out_of_range} instead of being stored. It is deliberately wide so that every artifact the rules need to
 * see (MAP 0 with an occluded line, a flush spike of 300) is stored.
 */
public enum Signal {
    MAP("map", "mmHg", Units.PRESSURE, 10, 200, -100, 1000, 30, 1, false),
    SBP("sbp", "mmHg", Units.PRESSURE, 10, 300, -100, 1000, 30, 1, false),
    DBP("dbp", "mmHg", Units.PRESSURE, 0, 200, -100, 1000, 30, 1, false),
    ECMO_FLOW("ecmo_flow", "L/min", Units.FLOW_LITRES, -1.0, 10, -20, 30, 10, 3, false),
    ECMO_SPEED("ecmo_speed", "rpm", Units.SPEED, 0, 10000, 0, 50000, 10, 0, false),
    ECMO_P_VENOUS("ecmo_p_venous", "mmHg", Units.PRESSURE, -400, 100, -1000, 1000, 30, 1, false),
    DPC_FLOW("dpc_flow", "mL/min", Units.FLOW_MILLILITRES, 0, 1000, -1000, 10000, 30, 0, false),
    /** Pressure before the oxygenator (v2). */
    ECMO_P_PRE("ecmo_p_pre", "mmHg", Units.PRESSURE, -50, 800, -1000, 1000, 30, 1, false),
    /** Pressure after the oxygenator (v2); pre minus post is the oxygenator's pressure drop. */
    ECMO_P_POST("ecmo_p_post", "mmHg", Units.PRESSURE, -50, 800, -1000, 1000, 30, 1, false),
    /** Right-hand (or right-ear) pulse oximetry on femoral VA (v2): the upper body's oxygenation. */
    SPO2_RIGHT_HAND("spo2_right_hand", "%", Units.PERCENT, 50, 100, 0, 100, 30, 1, false),
    NIRS_LEFT("nirs_left", "%", Units.PERCENT, 15, 95, 0, 100, 60, 1, false),
    NIRS_RIGHT("nirs_right", "%", Units.PERCENT, 15, 95, 0, 100, 60, 1, false),
    /** v2: plausible up to 50 mmol/L (ECPR lactates above 30 are real). */
    LACTATE("lactate", "mmol/L", Units.LACTATE, 0.1, 50, 0, 200, 0, 1, true),
    URINE_OUTPUT("urine_output", "mL", Units.URINE, 0, 1500, 0, 20000, 0, 0, false),
    HEMOGLOBIN("hemoglobin", "g/dL", Units.HEMOGLOBIN, 2, 25, 0, 60, 0, 1, true),
    RBC_UNITS("rbc_units", null, Units.TRANSFUSION_UNITS, 0, 20, 0, 100, 0, 0, false),
    /** Plasma free hemoglobin (v2, lab). */
    PFHB("pfhb", "mg/dL", Units.PLASMA_FREE_HEMOGLOBIN, 0, 1000, 0, 10000, 0, 1, true),
    /** Platelet count (v2, lab), 10^9/L (the same number as 10^3/uL). */
    PLATELETS("platelets", "10^9/L", Units.PLATELETS, 0, 2000, 0, 20000, 0, 0, true),
    /** Heparin anti-factor Xa activity (v2, lab). */
    ANTI_XA("anti_xa", "IU/mL", Units.ANTI_XA, 0, 3, 0, 20, 0, 2, true);

    private static final Map<String, Signal> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Signal::wireName, Function.identity()));

    private final String wireName;
    private final String canonicalUnit;
    private final Map<String, Double> factors;
    private final double plausibleMin;
    private final double plausibleMax;
    private final double hardMin;
    private final double hardMax;
    private final Duration staleAfter;
    private final int convertedDecimals;
    private final boolean lab;

    Signal(String wireName, String canonicalUnit, Map<String, Double> factors, double plausibleMin,
           double plausibleMax, double hardMin, double hardMax, int staleSeconds, int convertedDecimals,
           boolean lab) {
        this.wireName = wireName;
        this.canonicalUnit = canonicalUnit;
        this.factors = factors;
        this.plausibleMin = plausibleMin;
        this.plausibleMax = plausibleMax;
        this.hardMin = hardMin;
        this.hardMax = hardMax;
        this.staleAfter = staleSeconds == 0 ? null : Duration.ofSeconds(staleSeconds);
        this.convertedDecimals = convertedDecimals;
        this.lab = lab;
    }

    /** The canonical name used on the wire, in the stores and in the rules, e.g. {@code ecmo_flow}. */
    public String wireName() {
        return wireName;
    }

    /** The canonical unit, or empty for a count without a unit ({@code rbc_units}). */
    public Optional<String> canonicalUnit() {
        return Optional.ofNullable(canonicalUnit);
    }

    public boolean requiresUnit() {
        return canonicalUnit != null;
    }

    public boolean isPlausible(double canonicalValue) {
        return canonicalValue >= plausibleMin && canonicalValue <= plausibleMax;
    }

    public boolean isPossible(double canonicalValue) {
        return canonicalValue >= hardMin && canonicalValue <= hardMax;
    }

    public double plausibleMin() {
        return plausibleMin;
    }

    public double plausibleMax() {
        return plausibleMax;
    }

    public double hardMin() {
        return hardMin;
    }

    public double hardMax() {
        return hardMax;
    }

    /** The stale limit of signals.md, or empty for event signals (labs, urine, transfusions). */
    public Optional<Duration> staleAfter() {
        return Optional.ofNullable(staleAfter);
    }

    /** Lab results: carry {@code status} and {@code specimen}, compared by observation time. */
    public boolean isLab() {
        return lab;
    }

    /**
     * The factor that turns a value in {@code unit} into the canonical unit, or empty when the unit is not one
     * signals.md lists for this signal (never guessed). Units match case-insensitively after trimming.
     */
    public Optional<Double> factorFor(String unit) {
        return Optional.ofNullable(factors.get(Units.normalise(unit)));
    }

    /**
     * Converts to the canonical unit. Converted values are rounded to the canonical resolution (0.1 mmHg, 0.1
     * mmol/L as signals.md requires for lactate, ...), so 8.4 kPa is stored as 63.0 mmHg; values already in the
     * canonical unit are kept exactly as sent.
     */
    public double toCanonical(double value, double factor) {
        if (factor == 1.0) {
            return value;
        }
        return Units.round(value * factor, convertedDecimals);
    }

    public static Optional<Signal> byWireName(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
