package org.ecmomonitor.ingest;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A bed's patient context (contract §1, signals.md). Every field may be unknown (null). {@link #apply} gives the
 * context after an update: the latest value wins, and a field sent as JSON null is cleared.
 *
 * @param ecmoConfig v2: how the circuit is connected; unknown means {@link EcmoConfig#VA}
 * @param oxygenatorChangedAtMillis v2: when the oxygenator was last changed, epoch milliseconds (the pressure-drop
 *                                  baseline restarts there)
 * @param antiXaMin v2: the bottom of the bed's anti-Xa target range, IU/mL (0.3 when unknown)
 * @param antiXaMax v2: the top of the bed's anti-Xa target range, IU/mL (0.7 when unknown)
 */
public record PatientContext(Double weightKg, CannulaSide arterialCannulaSide, EcmoMode ecmoMode, Boolean crrt,
                             Double mapTarget, Double ecmoFlowMin, Double nirsBaselineLeft,
                             Double nirsBaselineRight, EcmoConfig ecmoConfig, Long oxygenatorChangedAtMillis,
                             Double antiXaMin, Double antiXaMax) {

    public static final double DEFAULT_MAP_TARGET = 65.0;
    public static final double DEFAULT_ECMO_FLOW_MIN = 1.5;
    public static final EcmoConfig DEFAULT_ECMO_CONFIG = EcmoConfig.VA;
    public static final double DEFAULT_ANTI_XA_MIN = 0.3;
    public static final double DEFAULT_ANTI_XA_MAX = 0.7;

    public static final PatientContext EMPTY =
            new PatientContext(null, null, null, null, null, null, null, null);

    /** The context fields of v1; the fields v2 added are unknown. */
    public PatientContext(Double weightKg, CannulaSide arterialCannulaSide, EcmoMode ecmoMode, Boolean crrt,
                          Double mapTarget, Double ecmoFlowMin, Double nirsBaselineLeft, Double nirsBaselineRight) {
        this(weightKg, arterialCannulaSide, ecmoMode, crrt, mapTarget, ecmoFlowMin, nirsBaselineLeft,
                nirsBaselineRight, null, null, null, null);
    }

    public PatientContext apply(PatientContext set, Set<ContextField> cleared) {
        return new PatientContext(
                pick(ContextField.WEIGHT_KG, set.weightKg, weightKg, cleared),
                pick(ContextField.ARTERIAL_CANNULA_SIDE, set.arterialCannulaSide, arterialCannulaSide, cleared),
                pick(ContextField.ECMO_MODE, set.ecmoMode, ecmoMode, cleared),
                pick(ContextField.CRRT, set.crrt, crrt, cleared),
                pick(ContextField.MAP_TARGET, set.mapTarget, mapTarget, cleared),
                pick(ContextField.ECMO_FLOW_MIN, set.ecmoFlowMin, ecmoFlowMin, cleared),
                pick(ContextField.NIRS_BASELINE_LEFT, set.nirsBaselineLeft, nirsBaselineLeft, cleared),
                pick(ContextField.NIRS_BASELINE_RIGHT, set.nirsBaselineRight, nirsBaselineRight, cleared),
                pick(ContextField.ECMO_CONFIG, set.ecmoConfig, ecmoConfig, cleared),
                pick(ContextField.OXYGENATOR_CHANGED_AT, set.oxygenatorChangedAtMillis, oxygenatorChangedAtMillis,
                        cleared),
                pick(ContextField.ANTI_XA_MIN, set.antiXaMin, antiXaMin, cleared),
                pick(ContextField.ANTI_XA_MAX, set.antiXaMax, antiXaMax, cleared));
    }

    /** The MAP target, 65 mmHg when the bed has none (alert-rules.md). */
    public double mapTargetOrDefault() {
        return mapTarget == null ? DEFAULT_MAP_TARGET : mapTarget;
    }

    public double ecmoFlowMinOrDefault() {
        return ecmoFlowMin == null ? DEFAULT_ECMO_FLOW_MIN : ecmoFlowMin;
    }

    /** The circuit's configuration, peripheral VA when the bed has none (alert-rules.md v2). */
    public EcmoConfig ecmoConfigOrDefault() {
        return ecmoConfig == null ? DEFAULT_ECMO_CONFIG : ecmoConfig;
    }

    /** The bottom of the anti-Xa target range, 0.3 IU/mL when the bed has none (signals.md v2). */
    public double antiXaMinOrDefault() {
        return antiXaMin == null ? DEFAULT_ANTI_XA_MIN : antiXaMin;
    }

    /** The top of the anti-Xa target range, 0.7 IU/mL when the bed has none (signals.md v2). */
    public double antiXaMaxOrDefault() {
        return antiXaMax == null ? DEFAULT_ANTI_XA_MAX : antiXaMax;
    }

    /** When the oxygenator was last changed, or empty when the context does not say. */
    public Optional<Instant> oxygenatorChangedAt() {
        return Optional.ofNullable(oxygenatorChangedAtMillis).map(Instant::ofEpochMilli);
    }

    private static <T> T pick(ContextField field, T newValue, T oldValue, Set<ContextField> cleared) {
        if (cleared.contains(field)) {
            return null;
        }
        return newValue != null ? newValue : oldValue;
    }
}
