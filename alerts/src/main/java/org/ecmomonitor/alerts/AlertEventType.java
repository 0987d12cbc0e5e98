package org.ecmomonitor.alerts;

import org.ecmomonitor.ingest.WireNamed;

/**
 * What happened to an alert (contract §2 and alert-rules.md lifecycle). {@code acknowledged} extends the contract's
 * list for the live board and the history; replay never produces it.
 */
public enum AlertEventType implements WireNamed {
    RAISED("raised"), CLEARED("cleared"), ESCALATED("escalated"), UPDATED("updated"), SUPPRESSED("suppressed"),
    ACKNOWLEDGED("acknowledged");

    private final String wireName;

    AlertEventType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
