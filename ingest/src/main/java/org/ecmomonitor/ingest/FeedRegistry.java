package org.ecmomonitor.ingest;

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
    private final Map<String, byte[]> verifiedPasswords = new ConcurrentHashMap<>();
    private final PasswordCacheKey cacheKey = new PasswordCacheKey();
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
     * Checks a device's MQTT credentials (slow: PBKDF2; callers keep it off event loops). A successful check is
     * remembered as an HMAC of the password under a random key made at start and never stored, so that a
     * reconnect storm does not cost one PBKDF2 derivation per device while a memory dump yields nothing that can be
     * guessed offline without that key. A hash made with fewer iterations than new hashes get is replaced by a new
     * one on success, and stored.
     */
    public boolean checkPassword(String device, char[] password) {
        Feed f = feeds.get(device);
        if (f == null || !f.requiresSignIn() || password == null) {
            return false;
        }
        byte[] mac = cacheKey.mac(device, password);
        byte[] remembered = verifiedPasswords.get(device);
        if (remembered != null) {
            return MessageDigest.isEqual(remembered, mac);
        }
        if (!Passwords.verify(password, f.passwordHash())) {
            return false;
        }
        if (Passwords.isOutdated(f.passwordHash())) {
            rehash(f, password);
        }
        verifiedPasswords.put(device, mac);
        return true;
    }

    private synchronized void rehash(Feed f, char[] password) {
        if (feeds.get(f.device()) != f) {
            return;
        }
        try {
            put(f.withPasswordHash(Passwords.hash(password)));
            LOG.info("device {}: password hash renewed with {} PBKDF2 iterations", f.device(), Passwords.ITERATIONS);
        } catch (RuntimeException e) {
            LOG.warn("device {}: the renewed password hash could not be stored ({}); the old one stays",
                    f.device(), e.getMessage());
        }
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
            if (f != null && f.beds().contains(bed) && f.expectedSignals().contains(signal)) {
                if (out == null) {
                    out = new java.util.TreeSet<>();
                }
                out.add(d);
            }
        }
        return out == null ? Set.of() : out;
    }

    private void indexByBed(Feed old, Feed neu) {
        if (old != null) {
            for (String bed : old.beds()) {
                if (!neu.beds().contains(bed)) {
                    devicesByBed.computeIfPresent(bed, (b, set) -> {
                        set.remove(old.device());
                        return set.isEmpty() ? null : set;
                    });
                }
            }
        }
        for (String bed : neu.beds()) {
            devicesByBed.computeIfAbsent(bed, b -> ConcurrentHashMap.newKeySet()).add(neu.device());
        }
    }
}
