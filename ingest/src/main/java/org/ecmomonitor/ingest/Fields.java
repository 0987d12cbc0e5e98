package org.ecmomonitor.ingest;

/** Small helpers for describing device input in rejection details without echoing unbounded text. */
final class Fields {
    private static final int MAX_ECHO = 80;

    private Fields() {
    }

    static String clip(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "...";
    }

    static Rejection at(int index, RejectReason reason, String detail) {
        return new Rejection(reason, detail, index);
    }
}
