package org.ecmomonitor.ingest;

/** Which leg carries the arterial cannula: its NIRS is the cannulated one (signals.md). */
public enum CannulaSide implements WireNamed {
    LEFT("left"), RIGHT("right");

    private final String wireName;

    CannulaSide(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public Signal cannulatedNirs() {
        return this == LEFT ? Signal.NIRS_LEFT : Signal.NIRS_RIGHT;
    }

    public Signal contralateralNirs() {
        return this == LEFT ? Signal.NIRS_RIGHT : Signal.NIRS_LEFT;
    }
}
