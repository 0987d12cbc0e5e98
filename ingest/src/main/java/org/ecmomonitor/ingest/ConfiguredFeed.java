package org.ecmomonitor.ingest;

import java.util.Objects;

/**
 * A feed as the config file gives it: the password may be plain text (hashed when applied) or already a hash.
 *
 * @param password a plain-text password from the file, or null
 */
public record ConfiguredFeed(Feed feed, String password) {

    public ConfiguredFeed {
        Objects.requireNonNull(feed, "feed");
        if (password != null && feed.passwordHash() != null) {
            throw new IllegalArgumentException("feed " + feed.device() + ": give password or password_hash, not both");
        }
    }

    /** The feed to store, reusing the stored hash when the plain-text password still matches it. */
    Feed resolve(Feed stored) {
        if (password == null) {
            return feed;
        }
        String hash = stored != null && Passwords.verify(password.toCharArray(), stored.passwordHash())
                ? stored.passwordHash()
                : Passwords.hash(password.toCharArray());
        return feed.withPasswordHash(hash);
    }

    @Override
    public String toString() {
        return "ConfiguredFeed[" + feed.device() + (password == null ? "" : ", password set") + "]";
    }
}
