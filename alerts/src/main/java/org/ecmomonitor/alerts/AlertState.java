package org.ecmomonitor.alerts;

import org.ecmomonitor.ingest.WireNamed;

/** active (unacknowledged) → acknowledged → cleared; active → cleared. */
public enum AlertState implements WireNamed {
    ACTIVE("active"), ACKNOWLEDGED("acknowledged"), CLEARED("cleared");

    private final String wireName;

    AlertState(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
