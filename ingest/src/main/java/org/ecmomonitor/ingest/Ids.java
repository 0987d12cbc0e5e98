package org.ecmomonitor.ingest;

/** Bed and device identifiers as contract §1 allows them in topics: {@code [A-Za-z0-9_.-]{1,64}}. */
public final class Ids {
    private static final int MAX_LENGTH = 64;

    private Ids() {
    }

    /** Checked character by character: it runs for every sample, where a regex costs more than the rules. */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Throws for an invalid id; for values built by our own code, never for device input. */
    public static String require(String id, String what) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(what + " must match [A-Za-z0-9_.-]{1,64}, got '" + id + "'");
        }
        return id;
    }
}
