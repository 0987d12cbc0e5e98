package org.ecmomonitor.dashboards.auth;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A local account: its name, role, bcrypt hash, whether it may sign in, and whether its password must be changed
 * before anything else (the first admin's, which the monitor generated and wrote to a file).
 */
public record Account(String name, Role role, String passwordHash, boolean disabled,
                      boolean passwordChangeRequired) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public Account {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("account name must be 1 to 64 of a-z 0-9 . _ - (lower case), starting"
                    + " with a letter or digit");
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    public Account(String name, Role role, String passwordHash, boolean disabled) {
        this(name, role, passwordHash, disabled, false);
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    @Override
    public String toString() {
        return "Account[" + name + ", " + role.wireName() + (disabled ? ", disabled" : "")
                + (passwordChangeRequired ? ", password change required]" : "]");
    }
}
