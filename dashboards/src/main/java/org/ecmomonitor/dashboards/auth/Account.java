package org.ecmomonitor.dashboards.auth;

import java.util.Objects;
import java.util.regex.Pattern;

/** A local account: its name, role, bcrypt hash, and whether it may sign in. */
public record Account(String name, Role role, String passwordHash, boolean disabled) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public Account {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("account name must be 1 to 64 of a-z 0-9 . _ - (lower case), starting"
                    + " with a letter or digit");
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    @Override
    public String toString() {
        return "Account[" + name + ", " + role.wireName() + (disabled ? ", disabled]" : "]");
    }
}
