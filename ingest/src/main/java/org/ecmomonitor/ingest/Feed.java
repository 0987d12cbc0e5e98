package org.ecmomonitor.ingest;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A device feed as a biomedical engineer configures it.
 *
 * @param device the device id, as in the topic {@code icu/{bed}/{device}} and as the MQTT user name
 * @param expectedBed the bed the device is expected on, or null; the topic's bed is authoritative, a mismatch is
 *     shown in the feed's status
 * @param passwordHash a {@link Passwords} hash, or null when the device may publish without signing in
 * @param aliases the device's own signal names mapped to canonical signals
 * @param expectedSignals signals the device should send (feed console shows which are missing)
 */
public record Feed(String device, String expectedBed, String passwordHash, Map<String, Signal> aliases,
                   Set<Signal> expectedSignals) {

    public Feed {
        Ids.require(device, "device");
        if (Topic.CONTEXT.equals(device)) {
            throw new IllegalArgumentException("'context' is reserved for context topics, not a device id");
        }
        if (expectedBed != null) {
            Ids.require(expectedBed, "expected bed");
        }
        aliases = Map.copyOf(Objects.requireNonNull(aliases, "aliases"));
        expectedSignals = Set.copyOf(Objects.requireNonNull(expectedSignals, "expectedSignals"));
        for (String alias : aliases.keySet()) {
            if (alias.isBlank() || alias.length() > 64) {
                throw new IllegalArgumentException("alias '" + alias + "' must be 1 to 64 characters");
            }
        }
    }

    public static Feed open(String device) {
        return new Feed(device, null, null, Map.of(), Set.of());
    }

    public boolean requiresSignIn() {
        return passwordHash != null;
    }
}
