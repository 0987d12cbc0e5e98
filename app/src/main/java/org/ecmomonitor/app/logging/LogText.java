package org.ecmomonitor.app.logging;

/**
 * Escapes what a device or a client may have written before it reaches a log line (issue 14: a device id with CR LF
 * forged log lines). Control characters (C0, DEL, C1) and the Unicode line and paragraph separators become visible
 * escapes, so one event is always one line and no terminal control sequence (ANSI ESC) reaches the operator's screen.
 */
public final class LogText {
    private LogText() {
    }

    public static String escape(String s) {
        if (s == null) {
            return null;
        }
        int first = firstToEscape(s);
        if (first < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static int firstToEscape(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (needsEscape(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
