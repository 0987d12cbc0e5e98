package org.ecmomonitor.alerts.esper;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formatting for alert messages, callable from EPL: at most one decimal, no trailing zero. */
public final class Fmt {
    private Fmt() {
    }

    public static String num(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return "?";
        }
        return BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
