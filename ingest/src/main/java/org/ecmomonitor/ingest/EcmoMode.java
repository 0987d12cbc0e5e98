package org.ecmomonitor.ingest;

/** Contract §1 {@code ecmo_mode}; decides which circuit rules run (alert-rules.md). */
public enum EcmoMode implements WireNamed {
    RUNNING("running"), STANDBY("standby"), PRIMING("priming"), WEANING_TRIAL("weaning_trial"), OFF("off");

    private final String wireName;

    EcmoMode(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
