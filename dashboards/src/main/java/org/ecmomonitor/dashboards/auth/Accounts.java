package org.ecmomonitor.dashboards.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local accounts: bcrypt password hashes, sign-in with a lock-out after repeated failures, and the changes an
 * admin makes. A failed sign-in costs the same bcrypt work whether or not the name exists.
 */
public final class Accounts {
    public static final int MIN_PASSWORD_CHARS = 8;
    /** bcrypt reads at most 72 bytes; a longer password is refused rather than silently cut. */
    public static final int MAX_PASSWORD_BYTES = 72;
    static final int FAILURES_BEFORE_LOCK = 5;
    static final long LOCK_MILLIS = 60_000;
    private static final int MAX_TRACKED_NAMES = 10_000;

    private final AccountRepository repository;
    private final Clock clock;
    private final int cost;
    private final String decoyHash;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, long lockedUntilMillis) {
    }

    /** The outcome of a sign-in: the account, or why not (and until when, when locked). */
    public record SignIn(Account account, boolean locked, long retryAfterSeconds) {
        public boolean ok() {
            return account != null;
        }
    }

    /** @param cost bcrypt's log2 work factor (12 in production; tests use the minimum, 4) */
    public Accounts(AccountRepository repository, Clock clock, int cost) {
        if (cost < 4 || cost > 16) {
            throw new IllegalArgumentException("bcrypt cost must be within 4..16");
        }
        this.repository = repository;
        this.clock = clock;
        this.cost = cost;
        this.decoyHash = hash("decoy-password-never-matches");
    }

    public SignIn signIn(String name, String password) {
        long now = clock.millis();
        String key = name == null ? "" : name;
        Failures f = failures.get(key);
        if (f != null && f.lockedUntilMillis() > now) {
            return new SignIn(null, true, (f.lockedUntilMillis() - now + 999) / 1000);
        }
        Optional<Account> account = Account.validName(name) ? repository.find(name) : Optional.empty();
        boolean matches = password != null && password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES
                && BCrypt.verifyer().verify(password.toCharArray(),
                        account.map(Account::passwordHash).orElse(decoyHash)).verified;
        if (matches && account.isPresent() && !account.get().disabled()) {
            failures.remove(key);
            return new SignIn(account.get(), false, 0);
        }
        recordFailure(key, now);
        return new SignIn(null, false, 0);
    }

    private void recordFailure(String key, long now) {
        if (failures.size() >= MAX_TRACKED_NAMES) {
            failures.values().removeIf(x -> x.lockedUntilMillis() <= now);
            if (failures.size() >= MAX_TRACKED_NAMES) {
                failures.clear();
            }
        }
        failures.compute(key, (k, old) -> {
            int count = (old == null || old.lockedUntilMillis() != 0 && old.lockedUntilMillis() <= now)
                    ? 1 : old.count() + 1;
            return new Failures(count, count >= FAILURES_BEFORE_LOCK ? now + LOCK_MILLIS : 0);
        });
    }

    public List<Account> all() {
        return repository.all();
    }

    public Optional<Account> find(String name) {
        return repository.find(name);
    }

    public boolean isEmpty() {
        return repository.all().isEmpty();
    }

    /** Creates an account; refuses a name in use or a weak password. */
    public Account create(String name, Role role, String password) {
        if (repository.find(name).isPresent()) {
            throw new IllegalArgumentException("account '" + name + "' exists");
        }
        Account a = new Account(name, role, hash(checked(password)), false);
        repository.save(a);
        return a;
    }

    /** Changes what is given (null leaves it); returns the account as saved. */
    public Account update(String name, Role role, String password, Boolean disabled) {
        Account a = repository.find(name).orElseThrow(() -> new IllegalArgumentException("no account '" + name + "'"));
        Account changed = new Account(name, role == null ? a.role() : role,
                password == null ? a.passwordHash() : hash(checked(password)),
                disabled == null ? a.disabled() : disabled);
        repository.save(changed);
        return changed;
    }

    static String checked(String password) {
        if (password == null || password.length() < MIN_PASSWORD_CHARS) {
            throw new IllegalArgumentException("password must have at least " + MIN_PASSWORD_CHARS + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password must be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
        return password;
    }

    private String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }
}
