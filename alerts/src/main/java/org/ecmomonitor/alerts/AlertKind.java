package org.ecmomonitor.alerts;

import org.ecmomonitor.ingest.WireNamed;

/** Physiological (the patient) or technical (the monitoring itself is degraded). */
public enum AlertKind implements WireNamed {
    PHYSIOLOGICAL("physiological"), TECHNICAL("technical");

    private final String wireName;

    AlertKind(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
