package org.ecmomonitor.dashboards.auth;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Limits password guessing without letting anyone lock a clinician out (issue 14, finding "anyone can lock any
 * clinician out"). Failures are counted per client address, and inside each address's record per account name:
 * <ul>
 *   <li>{@link #FAILURES_PER_NAME} failures for one name from one address lock that name <em>from that address</em>
 *       for {@link #LOCK_MILLIS}; the same nurse at her own station is not affected by guesses made elsewhere;</li>
 *   <li>{@link #FAILURES_PER_ADDRESS} failures from one address within {@link #ADDRESS_WINDOW_MILLIS} (any names)
 *       throttle the whole address until that window ends: one machine guessing many names is slowed down.</li>
 * </ul>
 * Memory is bounded: at most {@code maxAddresses} address records, each with at most
 * {@link #FAILURES_PER_ADDRESS} names (an address is throttled before it can name more). A record is never evicted
 * to make room, so a flood from other addresses cannot reset a victim's counters; when the table is full of live
 * records, sign-ins from addresses it does not hold are refused until records expire. A success clears the
 * (name, address) counter but not the address's: a valid account does not buy more guesses.
 */
public final class SignInThrottle {
    public static final int FAILURES_PER_NAME = 5;
    public static final long LOCK_MILLIS = 60_000;
    public static final int FAILURES_PER_ADDRESS = 20;
    public static final long ADDRESS_WINDOW_MILLIS = 10 * 60_000;

    private final Clock clock;
    private final int maxAddresses;
    private final Map<String, AddressRecord> byAddress = new HashMap<>();
    private long lastPurge;

    /** Why a sign-in may not be tried now, and for how long. */
    public enum Refusal {
        /** this name from this address failed too often */
        NAME_LOCKED,
        /** this address failed too often (any names) */
        ADDRESS_THROTTLED,
        /** the table of addresses is full of recent failures from elsewhere */
        TOO_MANY_ADDRESSES
    }

    /** Either allowed ({@code refusal} null) or refused for {@code retryAfterSeconds}. */
    public record Verdict(Refusal refusal, long retryAfterSeconds) {
        static final Verdict ALLOWED = new Verdict(null, 0);

        public boolean allowed() {
            return refusal == null;
        }
    }

    private static final class AddressRecord {
        long windowStart;
        int failures;
        final Map<String, NameRecord> names = new HashMap<>();

        boolean expired(long now) {
            return now - windowStart >= ADDRESS_WINDOW_MILLIS
                    && names.values().stream().allMatch(n -> n.lockedUntil <= now);
        }
    }

    private static final class NameRecord {
        int failures;
        long lockedUntil;
    }

    public SignInThrottle(Clock clock, int maxAddresses) {
        if (maxAddresses < 1) {
            throw new IllegalArgumentException("maxAddresses must be positive");
        }
        this.clock = clock;
        this.maxAddresses = maxAddresses;
        this.lastPurge = clock.millis() - 1000;
    }

    /** Whether {@code name} may try a password from {@code address} now (before the costly hash check). */
    public synchronized Verdict check(String name, String address) {
        long now = clock.millis();
        AddressRecord a = byAddress.get(address);
        if (a == null) {
            if (byAddress.size() >= maxAddresses && !purge(now)) {
                return new Verdict(Refusal.TOO_MANY_ADDRESSES, seconds(ADDRESS_WINDOW_MILLIS));
            }
            return Verdict.ALLOWED;
        }
        if (a.failures >= FAILURES_PER_ADDRESS && now - a.windowStart < ADDRESS_WINDOW_MILLIS) {
            return new Verdict(Refusal.ADDRESS_THROTTLED, seconds(a.windowStart + ADDRESS_WINDOW_MILLIS - now));
        }
        NameRecord n = a.names.get(name);
        if (n != null && n.lockedUntil > now) {
            return new Verdict(Refusal.NAME_LOCKED, seconds(n.lockedUntil - now));
        }
        return Verdict.ALLOWED;
    }

    /** Counts a wrong password (or unknown or disabled name) for this name from this address. */
    public synchronized void failed(String name, String address) {
        long now = clock.millis();
        AddressRecord a = byAddress.get(address);
        if (a == null) {
            if (byAddress.size() >= maxAddresses && !purge(now)) {
                return; // check() refuses this address while the table is full; nothing to add
            }
            a = new AddressRecord();
            a.windowStart = now;
            byAddress.put(address, a);
        }
        if (now - a.windowStart >= ADDRESS_WINDOW_MILLIS) {
            a.windowStart = now;
            a.failures = 0;
            a.names.values().removeIf(x -> x.lockedUntil <= now);
        }
        a.failures++;
        NameRecord n = a.names.computeIfAbsent(name, k -> new NameRecord());
        if (n.lockedUntil != 0 && n.lockedUntil <= now) {
            n.failures = 0;
            n.lockedUntil = 0;
        }
        n.failures++;
        if (n.failures >= FAILURES_PER_NAME) {
            n.lockedUntil = now + LOCK_MILLIS;
        }
    }

    /** A correct password: this name's counter at this address starts again (the address's does not). */
    public synchronized void succeeded(String name, String address) {
        AddressRecord a = byAddress.get(address);
        if (a != null) {
            a.names.remove(name);
        }
    }

    /** Forgets expired records; production schedules it (check and failed also purge when the table is full). */
    public synchronized void tick() {
        long now = clock.millis();
        lastPurge = now;
        byAddress.values().removeIf(a -> a.expired(now));
    }

    synchronized int addresses() {
        return byAddress.size();
    }

    /** @return true when there is room for one more address (a full table is scanned at most once a second) */
    private boolean purge(long now) {
        if (now - lastPurge >= 1000 || byAddress.size() < maxAddresses) {
            lastPurge = now;
            byAddress.values().removeIf(a -> a.expired(now));
        }
        return byAddress.size() < maxAddresses;
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
