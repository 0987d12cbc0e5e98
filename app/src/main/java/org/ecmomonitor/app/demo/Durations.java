package org.ecmomonitor.app.demo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Scenario times: {@code 90s}, {@code 15m}, {@code 4h}, {@code 1.5h}. */
final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,6}(?:\\.\\d{1,3})?)\\s*(s|m|h)");

    private Durations() {
    }

    static long millis(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 90s, 15m or 4h");
        }
        double n = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2)) {
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        };
        return Math.round(n * unit);
    }
}
