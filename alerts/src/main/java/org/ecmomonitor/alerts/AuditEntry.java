package org.ecmomonitor.alerts;

import java.util.Objects;

/** One line of the audit log: who did what to what, when, and the details (a comment, a reason, a change). */
public record AuditEntry(long atMillis, String user, String action, String target, String detail) {
    public AuditEntry {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(detail, "detail");
    }
}
