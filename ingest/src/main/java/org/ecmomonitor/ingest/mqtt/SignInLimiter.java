package org.ecmomonitor.ingest.mqtt;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wrong device passwords are rate-limited per device and per remote address (issue 14): each has a token bucket of
 * {@code burst} failures refilling one per {@code refillMillis}; while a bucket is empty, sign-ins for that device or
 * from that address are refused without running PBKDF2. A guesser spreading over many addresses is held back by the
 * device's bucket, one device's guesser by the address's. So that a guesser cannot lock the real device out, the
 * device is never held back from an address it has signed in from successfully (in this process), even when a
 * guesser shares that address.
 * Memory is bounded: the least recently touched entries go first.
 */
final class SignInLimiter {
    private static final int MAX_ENTRIES = 10_000;

    private final Clock clock;
    private final int burst;
    private final long refillMillis;
    private final Map<String, Bucket> devices = lru();
    private final Map<String, Bucket> addresses = lru();
    private final Map<String, Boolean> knownPairs = lru();

    SignInLimiter(Clock clock, int burst, long refillMillis) {
        this.clock = clock;
        this.burst = burst;
        this.refillMillis = refillMillis;
    }

    /** Null when a sign-in may be checked now, else whose failures hold it back ("device" or "address"). */
    synchronized String blocked(String device, String address) {
        if (knownPairs.containsKey(device + "@" + address)) {
            return null;
        }
        long now = clock.millis();
        Bucket a = addresses.get(address);
        if (a != null && a.available(now, burst, refillMillis) < 1) {
            return "address";
        }
        Bucket d = devices.get(device);
        if (d != null && d.available(now, burst, refillMillis) < 1) {
            return "device";
        }
        return null;
    }

    synchronized void failed(String device, String address) {
        long now = clock.millis();
        addresses.computeIfAbsent(address, k -> new Bucket(now, burst)).take(now, burst, refillMillis);
        devices.computeIfAbsent(device, k -> new Bucket(now, burst)).take(now, burst, refillMillis);
    }

    synchronized void succeeded(String device, String address) {
        knownPairs.put(device + "@" + address, Boolean.TRUE);
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }

    /** Tokens are failures still allowed; one comes back per refill interval, up to the burst. */
    private static final class Bucket {
        private double tokens;
        private long updatedMillis;

        Bucket(long now, int burst) {
            this.tokens = burst;
            this.updatedMillis = now;
        }

        double available(long now, int burst, long refillMillis) {
            if (now > updatedMillis) {
                tokens = Math.min(burst, tokens + (double) (now - updatedMillis) / refillMillis);
                updatedMillis = now;
            }
            return tokens;
        }

        void take(long now, int burst, long refillMillis) {
            tokens = Math.max(0, available(now, burst, refillMillis) - 1);
        }
    }
}
