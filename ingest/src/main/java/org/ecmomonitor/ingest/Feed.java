package org.ecmomonitor.ingest;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A device feed as a biomedical engineer configures it.
 *
 * @param device the device id, as in the topic {@code icu/{bed}/{device}} and as the MQTT user name
 * @param beds the beds the device may publish for (samples and, with {@code context}, context); a message for any
 *     other bed is refused as {@code unauthorized}. Empty: not bound to a bed (any bed)
 * @param context whether the device may publish patient context ({@code icu/{bed}/context}) for its beds: the
 *     bedside gateway or EHR connector, not a NIRS or pump device, so that no measuring device can switch a bed's
 *     ECMO mode off
 * @param passwordHash a {@link Passwords} hash, or null when the device may publish without signing in
 * @param aliases the device's own signal names mapped to canonical signals
 * @param expectedSignals signals the device should send (feed console shows which are missing)
 */
public record Feed(String device, Set<String> beds, boolean context, String passwordHash,
                   Map<String, Signal> aliases, Set<Signal> expectedSignals) {

    /** Beds one feed may name; a gateway serving a whole ward stays far below. */
    public static final int MAX_BEDS = 256;

    public Feed {
        Ids.require(device, "device");
        if (Topic.CONTEXT.equals(device)) {
            throw new IllegalArgumentException("'context' is reserved for context topics, not a device id");
        }
        beds = Set.copyOf(new TreeSet<>(Objects.requireNonNull(beds, "beds")));
        if (beds.size() > MAX_BEDS) {
            throw new IllegalArgumentException("a feed may name at most " + MAX_BEDS + " beds");
        }
        for (String bed : beds) {
            Ids.require(bed, "bed");
        }
        aliases = Map.copyOf(Objects.requireNonNull(aliases, "aliases"));
        expectedSignals = Set.copyOf(Objects.requireNonNull(expectedSignals, "expectedSignals"));
        for (String alias : aliases.keySet()) {
            if (alias.isBlank() || alias.length() > 64) {
                throw new IllegalArgumentException("alias '" + alias + "' must be 1 to 64 characters");
            }
        }
    }

    /** A feed bound to one bed (or none), publishing no context. */
    public Feed(String device, String expectedBed, String passwordHash, Map<String, Signal> aliases,
                Set<Signal> expectedSignals) {
        this(device, expectedBed == null ? Set.of() : Set.of(expectedBed), false, passwordHash, aliases,
                expectedSignals);
    }

    public static Feed open(String device) {
        return new Feed(device, Set.of(), false, null, Map.of(), Set.of());
    }

    public boolean requiresSignIn() {
        return passwordHash != null;
    }

    /** Whether the device may publish for the bed: it is one of its beds, or the feed names none. */
    public boolean allowsBed(String bed) {
        return beds.isEmpty() || beds.contains(bed);
    }

    /** The bed the feed console shows as expected: the first of its beds, or null. */
    public String expectedBed() {
        return beds.isEmpty() ? null : new TreeSet<>(beds).first();
    }

    /**
     * The feed after an edit in the feed console, which knows one expected bed: the bed list and the context flag
     * stay unless the edit names another bed (then the feed is bound to that one).
     */
    public Feed edited(String expectedBed, String newPasswordHash, Map<String, Signal> newAliases,
                       Set<Signal> newExpectedSignals) {
        Set<String> newBeds = Objects.equals(expectedBed, expectedBed()) ? beds
                : expectedBed == null ? Set.of() : Set.of(expectedBed);
        return new Feed(device, newBeds, context, newPasswordHash, newAliases, newExpectedSignals);
    }

    /** The same feed with another password hash (a rehash at sign-in). */
    public Feed withPasswordHash(String hash) {
        return new Feed(device, beds, context, hash, aliases, expectedSignals);
    }
}
