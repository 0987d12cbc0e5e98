package org.ecmomonitor.ingest;

import java.util.regex.Pattern;

/** Bed and device identifiers as contract §1 allows them in topics: {@code [A-Za-z0-9_.-]{1,64}}. */
public final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private Ids() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Throws for an invalid id; for values built by our own code, never for device input. */
    public static String require(String id, String what) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(what + " must match [A-Za-z0-9_.-]{1,64}, got '" + id + "'");
        }
        return id;
    }
}
