package org.ecmomonitor.dashboards.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Local accounts: bcrypt password hashes, the password check of a sign-in, and the changes an admin makes. A failed
 * check costs the same bcrypt work whether or not the name exists. Guessing is limited by {@link SignInThrottle}.
 */
public final class Accounts {
    public static final int MIN_PASSWORD_CHARS = 8;
    /** bcrypt reads at most 72 bytes; a longer password is refused rather than silently cut. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private final AccountRepository repository;
    private final int cost;
    private final String decoyHash;

    /** @param cost bcrypt's log2 work factor (12 in production; tests use the minimum, 4) */
    public Accounts(AccountRepository repository, int cost) {
        if (cost < 4 || cost > 16) {
            throw new IllegalArgumentException("bcrypt cost must be within 4..16");
        }
        this.repository = repository;
        this.cost = cost;
        this.decoyHash = hash("decoy-password-never-matches");
    }

    /** The enabled account of this name when the password is its own; empty otherwise (whatever the reason). */
    public Optional<Account> verify(String name, String password) {
        Optional<Account> account = Account.validName(name) ? repository.find(name) : Optional.empty();
        boolean matches = password != null && password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES
                && BCrypt.verifyer().verify(password.toCharArray(),
                        account.map(Account::passwordHash).orElse(decoyHash)).verified;
        return matches && account.isPresent() && !account.get().disabled() ? account : Optional.empty();
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
        return create(name, role, password, false);
    }

    /**
     * Creates an account whose user may have to choose a new password at the first sign-in (the generated first
     * admin's); refuses a name in use or a weak password.
     */
    public Account create(String name, Role role, String password, boolean passwordChangeRequired) {
        if (repository.find(name).isPresent()) {
            throw new IllegalArgumentException("account '" + name + "' exists");
        }
        Account a = new Account(name, role, hash(checked(password)), false, passwordChangeRequired);
        repository.save(a);
        return a;
    }

    /** Changes what is given (null leaves it); returns the account as saved. */
    public Account update(String name, Role role, String password, Boolean disabled) {
        Account a = repository.find(name).orElseThrow(() -> new IllegalArgumentException("no account '" + name + "'"));
        Account changed = new Account(name, role == null ? a.role() : role,
                password == null ? a.passwordHash() : hash(checked(password)),
                disabled == null ? a.disabled() : disabled, a.passwordChangeRequired());
        repository.save(changed);
        return changed;
    }

    /** The user must choose a new password at the next sign-in (a password someone else knows). */
    public Account requirePasswordChange(String name) {
        Account a = repository.find(name).orElseThrow(() -> new IllegalArgumentException("no account '" + name + "'"));
        Account changed = new Account(name, a.role(), a.passwordHash(), a.disabled(), true);
        repository.save(changed);
        return changed;
    }

    /**
     * The user's own new password (checked against the policy, and refused when it is the current one); clears a
     * pending forced change.
     */
    public Account changeOwnPassword(String name, String newPassword) {
        Account a = repository.find(name).orElseThrow(() -> new IllegalArgumentException("no account '" + name + "'"));
        checked(newPassword);
        if (BCrypt.verifyer().verify(newPassword.toCharArray(), a.passwordHash()).verified) {
            throw new IllegalArgumentException("the new password must differ from the current one");
        }
        Account changed = new Account(name, a.role(), hash(newPassword), a.disabled(), false);
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
