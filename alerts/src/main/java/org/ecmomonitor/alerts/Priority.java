package org.ecmomonitor.alerts;

import org.ecmomonitor.ingest.WireNamed;

/** IEC 60601-1-8 alarm priority: high (immediate response), medium (prompt), low (awareness). */
public enum Priority implements WireNamed {
    LOW("low"), MEDIUM("medium"), HIGH("high");

    private final String wireName;

    Priority(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
