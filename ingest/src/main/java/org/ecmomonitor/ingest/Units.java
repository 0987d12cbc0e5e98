package org.ecmomonitor.ingest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * The unit spellings of signals.md and their exact factors to the canonical unit. Keys are normalised: trimmed,
 * lower-cased, micro sign and Greek mu written as {@code u} (UCUM's {@code umol/L}).
 */
final class Units {
    private static final double KPA_TO_MMHG = 7.50062;
    private static final double MG_DL_LACTATE_TO_MMOL_L = 1 / 9.008;
    private static final double MMOL_L_HEMOGLOBIN_TO_G_DL = 1.611;

    static final Map<String, Double> PRESSURE = Map.of("mmhg", 1.0, "mm[hg]", 1.0, "kpa", KPA_TO_MMHG);
    static final Map<String, Double> FLOW_LITRES = Map.of("l/min", 1.0, "ml/min", 0.001);
    static final Map<String, Double> FLOW_MILLILITRES = Map.of("ml/min", 1.0, "l/min", 1000.0);
    static final Map<String, Double> SPEED = Map.of("rpm", 1.0, "/min", 1.0, "1/min", 1.0, "rev/s", 60.0);
    static final Map<String, Double> PERCENT =
            Map.of("%", 1.0, "percent", 1.0, "fraction", 100.0, "{fraction}", 100.0, "1", 100.0);
    static final Map<String, Double> LACTATE =
            Map.of("mmol/l", 1.0, "mg/dl", MG_DL_LACTATE_TO_MMOL_L, "umol/l", 0.001);
    static final Map<String, Double> URINE = Map.of("ml", 1.0, "ml/h", 1.0, "l", 1000.0);
    static final Map<String, Double> HEMOGLOBIN =
            Map.of("g/dl", 1.0, "g/l", 0.1, "mmol/l", MMOL_L_HEMOGLOBIN_TO_G_DL);
    /** Plasma free hemoglobin, canonical mg/dL: g/L × 100, mg/L ÷ 10. */
    static final Map<String, Double> PLASMA_FREE_HEMOGLOBIN = Map.of("mg/dl", 1.0, "g/l", 100.0, "mg/l", 0.1);
    /**
     * Platelets, canonical 10^9/L: 10^3/uL, K/uL and /nL are the same count per volume (10^3 per 10^-6 L is 10^9
     * per L), written in the usual spellings and UCUM's {@code 10*9/L}, {@code 10*3/uL}.
     */
    static final Map<String, Double> PLATELETS = Map.of("10^9/l", 1.0, "10*9/l", 1.0, "10\u2079/l", 1.0,
            "10^3/ul", 1.0, "10*3/ul", 1.0, "10\u00b3/ul", 1.0, "k/ul", 1.0, "/nl", 1.0);
    /** Anti-factor Xa activity, canonical IU/mL; UCUM writes {@code [IU]/mL}, labs also {@code U/mL}. */
    static final Map<String, Double> ANTI_XA = Map.of("iu/ml", 1.0, "[iu]/ml", 1.0, "u/ml", 1.0);
    static final Map<String, Double> TRANSFUSION_UNITS =
            Map.of("unit", 1.0, "units", 1.0, "u", 1.0, "{unit}", 1.0, "{units}", 1.0);

    private Units() {
    }

    static String normalise(String unit) {
        if (unit == null) {
            return "";
        }
        return unit.strip().toLowerCase(Locale.ROOT).replace('\u00b5', 'u').replace('\u03bc', 'u');
    }

    /** Half-up rounding on the decimal value as written (3.885 becomes 3.9, not 3.8 through binary error). */
    static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
