package org.ecmomonitor.dashboards.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The roles of the dashboards issue: a nurse views and acknowledges; an intensivist also edits context and
 * suppresses; a biomedical engineer views and edits feeds; an admin views and manages accounts and the audit log.
 * Nobody but a nurse or intensivist acknowledges a patient's alert: that is a clinical act.
 */
public enum Role {
    NURSE(EnumSet.of(Permission.VIEW, Permission.ACKNOWLEDGE)),
    INTENSIVIST(EnumSet.of(Permission.VIEW, Permission.ACKNOWLEDGE, Permission.EDIT_CONTEXT, Permission.SUPPRESS)),
    BIOMED(EnumSet.of(Permission.VIEW, Permission.EDIT_FEEDS)),
    ADMIN(EnumSet.of(Permission.VIEW, Permission.ADMINISTER));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean may(Permission p) {
        return permissions.contains(p);
    }

    public Set<Permission> permissions() {
        return EnumSet.copyOf(permissions);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> byWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
    }
}
