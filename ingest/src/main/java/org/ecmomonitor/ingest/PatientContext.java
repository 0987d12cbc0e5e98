package org.ecmomonitor.ingest;

import java.util.Set;

/**
 * A bed's patient context (contract §1, signals.md). Every field may be unknown (null). {@link #apply} gives the
 * context after an update: the latest value wins, and a field sent as JSON null is cleared.
 */
public record PatientContext(Double weightKg, CannulaSide arterialCannulaSide, EcmoMode ecmoMode, Boolean crrt,
                             Double mapTarget, Double ecmoFlowMin, Double nirsBaselineLeft,
                             Double nirsBaselineRight) {

    public static final double DEFAULT_MAP_TARGET = 65.0;
    public static final double DEFAULT_ECMO_FLOW_MIN = 1.5;

    public static final PatientContext EMPTY =
            new PatientContext(null, null, null, null, null, null, null, null);

    public PatientContext apply(PatientContext set, Set<ContextField> cleared) {
        return new PatientContext(
                pick(ContextField.WEIGHT_KG, set.weightKg, weightKg, cleared),
                pick(ContextField.ARTERIAL_CANNULA_SIDE, set.arterialCannulaSide, arterialCannulaSide, cleared),
                pick(ContextField.ECMO_MODE, set.ecmoMode, ecmoMode, cleared),
                pick(ContextField.CRRT, set.crrt, crrt, cleared),
                pick(ContextField.MAP_TARGET, set.mapTarget, mapTarget, cleared),
                pick(ContextField.ECMO_FLOW_MIN, set.ecmoFlowMin, ecmoFlowMin, cleared),
                pick(ContextField.NIRS_BASELINE_LEFT, set.nirsBaselineLeft, nirsBaselineLeft, cleared),
                pick(ContextField.NIRS_BASELINE_RIGHT, set.nirsBaselineRight, nirsBaselineRight, cleared));
    }

    /** The MAP target, 65 mmHg when the bed has none (alert-rules.md). */
    public double mapTargetOrDefault() {
        return mapTarget == null ? DEFAULT_MAP_TARGET : mapTarget;
    }

    public double ecmoFlowMinOrDefault() {
        return ecmoFlowMin == null ? DEFAULT_ECMO_FLOW_MIN : ecmoFlowMin;
    }

    private static <T> T pick(ContextField field, T newValue, T oldValue, Set<ContextField> cleared) {
        if (cleared.contains(field)) {
            return null;
        }
        return newValue != null ? newValue : oldValue;
    }
}
