package org.ecmomonitor.ingest;

/**
 * Contract §1 v2 {@code ecmo_config}: how the circuit is connected. Decides which rules apply (alert-rules.md,
 * "Context that gates rules"): limb NIRS and differential hypoxia for peripheral femoral VA only, pulse pressure for
 * both VA configurations. A bed without one is {@link #VA}, the configuration of both seed papers.
 */
public enum EcmoConfig implements WireNamed {
    /** Peripheral (femoral) veno-arterial: the default. */
    VA("va"),
    /** Central veno-arterial (arterial cannula in the aorta). */
    VA_CENTRAL("va_central"),
    /** Veno-venous: respiratory support only. */
    VV("vv");

    private final String wireName;

    EcmoConfig(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
