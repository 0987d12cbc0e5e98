package org.ecmomonitor.ingest;

/** Contract §1 {@code quality}: anything but {@code ok} keeps the sample out of physiological rules. */
public enum Quality implements WireNamed {
    OK("ok"), ARTIFACT("artifact"), PROBE_OFF("probe_off");

    private final String wireName;

    Quality(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
