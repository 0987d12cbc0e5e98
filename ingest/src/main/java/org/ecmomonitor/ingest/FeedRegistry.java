package org.ecmomonitor.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured feeds, read on every message without locking. Changes (a config file reload, an edit in the
 * feed console) are saved to the repository first and then take effect for the next message: no restart.
 */
public final class FeedRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(FeedRegistry.class);

    private final FeedRepository repository;
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final Map<String, String> verifiedPasswords = new ConcurrentHashMap<>();
    /** Devices by the bed their feed names, for {@link #configuredSources} (read on every sample). */
    private final Map<String, Set<String>> devicesByBed = new ConcurrentHashMap<>();

    public FeedRegistry(FeedRepository repository) {
        this.repository = Objects.requireNonNull(repository, "repository");
        for (Feed f : repository.loadAll()) {
            feeds.put(f.device(), f);
            indexByBed(null, f);
        }
    }

    public Optional<Feed> find(String device) {
        return Optional.ofNullable(feeds.get(device));
    }

    public Collection<Feed> all() {
        return List.copyOf(feeds.values());
    }

    /** The feed's aliases, or none for a device without configuration. */
    public Map<String, Signal> aliases(String device) {
        Feed f = feeds.get(device);
        return f == null ? Map.of() : f.aliases();
    }

    public synchronized void put(Feed feed) {
        repository.save(feed);
        Feed old = feeds.put(feed.device(), feed);
        indexByBed(old, feed);
        if (old == null || !Objects.equals(old.passwordHash(), feed.passwordHash())) {
            verifiedPasswords.remove(feed.device());
        }
    }

    /**
     * Applies the feeds of a (re)loaded config file: each is created or replaced; feeds not in the file stay (they
     * may have been created in the feed console). A plain-text password from the file keeps its stored hash when
     * it still matches, so a reload does not count as a change. Returns how many feeds changed.
     */
    public synchronized int applyConfigured(List<ConfiguredFeed> configured) {
        int changed = 0;
        for (ConfiguredFeed c : configured) {
            Feed old = feeds.get(c.feed().device());
            Feed resolved = c.resolve(old);
            if (!resolved.equals(old)) {
                put(resolved);
                changed++;
            }
        }
        if (changed > 0) {
            LOG.info("feed configuration applied: {} feed(s) created or changed", changed);
        }
        return changed;
    }

    /**
     * Checks a device's MQTT credentials. A successful check is remembered (as a SHA-256 of the password) so that
     * a reconnect storm does not cost one PBKDF2 derivation per device.
     */
    public boolean checkPassword(String device, char[] password) {
        Feed f = feeds.get(device);
        if (f == null || !f.requiresSignIn() || password == null) {
            return false;
        }
        String digest = Digests.sha256(password);
        String remembered = verifiedPasswords.get(device);
        if (remembered != null) {
            return MessageDigest.isEqual(remembered.getBytes(StandardCharsets.US_ASCII),
                    digest.getBytes(StandardCharsets.US_ASCII));
        }
        if (Passwords.verify(password, f.passwordHash())) {
            verifiedPasswords.put(device, digest);
            return true;
        }
        return false;
    }

    /** Signals the device is expected to send, for the feed console. */
    public Set<Signal> expectedSignals(String device) {
        Feed f = feeds.get(device);
        return f == null ? Set.of() : f.expectedSignals();
    }

    /**
     * The devices configured as {@code bed}'s source of {@code signal} (SignalSources): those whose feed names the
     * bed and lists the signal in its expected signals. Empty when none does.
     */
    public Set<String> configuredSources(String bed, Signal signal) {
        Set<String> devices = devicesByBed.get(bed);
        if (devices == null) {
            return Set.of();
        }
        Set<String> out = null;
        for (String d : devices) {
            Feed f = feeds.get(d);
            if (f != null && bed.equals(f.expectedBed()) && f.expectedSignals().contains(signal)) {
                if (out == null) {
                    out = new java.util.TreeSet<>();
                }
                out.add(d);
            }
        }
        return out == null ? Set.of() : out;
    }

    private void indexByBed(Feed old, Feed neu) {
        if (old != null && old.expectedBed() != null && !old.expectedBed().equals(neu.expectedBed())) {
            devicesByBed.computeIfPresent(old.expectedBed(), (b, set) -> {
                set.remove(old.device());
                return set.isEmpty() ? null : set;
            });
        }
        if (neu.expectedBed() != null) {
            devicesByBed.computeIfAbsent(neu.expectedBed(), b -> ConcurrentHashMap.newKeySet()).add(neu.device());
        }
    }
}
