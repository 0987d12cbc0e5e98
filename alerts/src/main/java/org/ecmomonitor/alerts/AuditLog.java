package org.ecmomonitor.alerts;

import java.util.List;

/**
 * The audit log: who did what to what, when and why (acknowledgements, suppressions, sign-ins, context edits,
 * feed and account changes). A port of its own, apart from {@link AlertRepository}, so that a sign-in's audit
 * line never waits behind the rule engine's alert writes.
 */
public interface AuditLog {
    /**
     * Writes an audit line, durable when this returns.
     *
     * @throws IllegalStateException when it cannot be stored (a full disk): the act it records must not go ahead
     */
    void audit(long atMillis, String user, String action, String target, String detail);

    /** The audit log, newest first. */
    List<AuditEntry> auditLog(int limit);
}
