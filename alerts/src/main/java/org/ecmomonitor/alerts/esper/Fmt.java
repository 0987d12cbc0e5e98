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

    /** A small rate (mL/kg/h) to two decimals, e.g. 0.35. */
    public static String rate(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return "?";
        }
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
