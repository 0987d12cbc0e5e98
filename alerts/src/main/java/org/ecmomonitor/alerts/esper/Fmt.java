package org.ecmomonitor.alerts.esper;

/** Number formatting for alert messages, callable from EPL: at most one decimal, no trailing zero. */
public final class Fmt {
    private Fmt() {
    }

    /** Called for every evaluation's message, so it avoids BigDecimal: rounds to tenths, drops a ".0". */
    public static String num(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return "?";
        }
        long tenths = Math.round(v * 10);
        long whole = Math.abs(tenths / 10);
        long tenth = Math.abs(tenths % 10);
        String sign = tenths < 0 ? "-" : "";
        return tenth == 0 ? sign + whole : sign + whole + "." + tenth;
    }

    /**
     * A lab value to at most two decimals, no trailing zero: an anti-Xa of 0.35 IU/mL is not 0.4, a lactate of 61
     * is 61.
     */
    public static String lab(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return "?";
        }
        return java.math.BigDecimal.valueOf(Math.round(v * 100) / 100.0).stripTrailingZeros().toPlainString();
    }

    /** A small rate (mL/kg/h) to two decimals, e.g. 0.35. */
    public static String rate(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return "?";
        }
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    /**
     * A device clock offset (receipt minus observation time, ms) in words: "42 s behind", "8.5 s ahead", "in step"
     * (under half a second). Positive means the device's clock is behind the server's (or its messages lag).
     */
    public static String clockOffset(long offsetMillis) {
        if (Math.abs(offsetMillis) < 500) {
            return "in step with";
        }
        double seconds = Math.abs(offsetMillis) / 1000.0;
        String amount = seconds >= 120 ? Math.round(seconds / 60) + " min" : num(seconds) + " s";
        return amount + (offsetMillis > 0 ? " behind" : " ahead of");
    }
}
