package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class FeedRegistryTest {
    private final InMemoryFeeds repo = new InMemoryFeeds();
    private final FeedRegistry registry = new FeedRegistry(repo);

    private static ConfiguredFeed configured(String password, Map<String, Signal> aliases) {
        return new ConfiguredFeed(new Feed("console", "B1", null, aliases, Set.of(Signal.MAP)), password);
    }

    @Test
    void storesConfiguredFeedsWithTheirPasswordHashedNeverInPlainText() {
        registry.applyConfigured(List.of(configured("s3cret-pass", Map.of())));
        Feed stored = repo.loadAll().get(0);
        assertThat(stored.passwordHash()).startsWith("pbkdf2-sha256$").doesNotContain("s3cret-pass");
        assertThat(registry.checkPassword("console", "s3cret-pass".toCharArray())).isTrue();
        assertThat(registry.checkPassword("console", "wrong".toCharArray())).isFalse();
        assertThat(registry.checkPassword("nobody", "s3cret-pass".toCharArray())).isFalse();
    }

    @Test
    void reloadingAnUnchangedFileChangesNothing() {
        assertThat(registry.applyConfigured(List.of(configured("s3cret-pass", Map.of())))).isEqualTo(1);
        assertThat(registry.applyConfigured(List.of(configured("s3cret-pass", Map.of())))).isZero();
        assertThat(repo.saves()).isEqualTo(1);
    }

    @Test
    void aChangedPasswordOrAliasTakesEffectWithoutRestart() {
        registry.applyConfigured(List.of(configured("s3cret-pass", Map.of())));
        assertThat(registry.checkPassword("console", "s3cret-pass".toCharArray())).isTrue();
        registry.applyConfigured(List.of(configured("n3w-password", Map.of("ABP", Signal.MAP))));
        assertThat(registry.checkPassword("console", "s3cret-pass".toCharArray())).isFalse();
        assertThat(registry.checkPassword("console", "n3w-password".toCharArray())).isTrue();
        assertThat(registry.aliases("console")).containsEntry("ABP", Signal.MAP);
    }

    @Test
    void feedsSavedEarlierAreLoadedAtStart() {
        repo.save(new Feed("pump", "B2", null, Map.of(), Set.of()));
        assertThat(new FeedRegistry(repo).find("pump")).isPresent();
    }

    @Test
    void passwordHashesVerifyAndMalformedOnesDoNot() {
        String h = Passwords.hash("abc12345".toCharArray());
        assertThat(Passwords.verify("abc12345".toCharArray(), h)).isTrue();
        assertThat(Passwords.verify("abc12345".toCharArray(), "pbkdf2-sha256$x$y$z")).isFalse();
        assertThat(Passwords.verify("abc12345".toCharArray(), "plain")).isFalse();
        assertThat(Passwords.hash("abc12345".toCharArray())).isNotEqualTo(h);
    }

    @Test
    void newHashesUseAtLeast600000Iterations() {
        String h = Passwords.hash("abc12345".toCharArray());
        assertThat(Integer.parseInt(h.split("\\$")[1])).isGreaterThanOrEqualTo(600_000);
        assertThat(Passwords.isOutdated(h)).isFalse();
    }

    @Test
    void anOldHashIsReplacedAndStoredAtTheNextSuccessfulSignInButNotAfterAWrongPassword() {
        String old = Passwords.hash("s3cret-pass".toCharArray(), 120_000);
        registry.put(new Feed("pump", Set.of("B2"), false, old, Map.of(), Set.of()));
        assertThat(registry.checkPassword("pump", "wrong-pass".toCharArray())).isFalse();
        assertThat(repo.loadAll().get(0).passwordHash()).isEqualTo(old);
        assertThat(registry.checkPassword("pump", "s3cret-pass".toCharArray())).isTrue();
        String renewed = repo.loadAll().get(0).passwordHash();
        assertThat(renewed).isNotEqualTo(old).startsWith("pbkdf2-sha256$600000$");
        assertThat(registry.find("pump").orElseThrow().beds()).containsExactly("B2");
        assertThat(registry.checkPassword("pump", "s3cret-pass".toCharArray())).isTrue();
        assertThat(registry.checkPassword("pump", "wrong-pass".toCharArray())).isFalse();
    }

    @Test
    void theRememberedPasswordIsNoPlainDigestOfIt() throws Exception {
        registry.applyConfigured(List.of(configured("s3cret-pass", Map.of())));
        assertThat(registry.checkPassword("console", "s3cret-pass".toCharArray())).isTrue();
        java.lang.reflect.Field f = FeedRegistry.class.getDeclaredField("verifiedPasswords");
        f.setAccessible(true);
        byte[] remembered = ((Map<String, byte[]>) f.get(registry)).get("console");
        byte[] sha256 = java.security.MessageDigest.getInstance("SHA-256")
                .digest("s3cret-pass".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(remembered).isNotNull().isNotEqualTo(sha256);
        FeedRegistry another = new FeedRegistry(repo);
        assertThat(another.checkPassword("console", "s3cret-pass".toCharArray())).isTrue();
        assertThat(((Map<String, byte[]>) f.get(another)).get("console"))
                .as("keyed per process: the same password remembers differently").isNotEqualTo(remembered);
    }
}
