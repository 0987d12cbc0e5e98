package org.ecmomonitor.alerts;

import java.util.ArrayList;
import java.util.List;

/** The audit log in memory: for replay and tests, where nothing is kept after the run. */
public final class InMemoryAuditLog implements AuditLog {
    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized void audit(long atMillis, String user, String action, String target, String detail) {
        entries.add(0, new AuditEntry(atMillis, user, action, target, detail));
    }

    @Override
    public synchronized List<AuditEntry> auditLog(int limit) {
        return List.copyOf(entries.subList(0, Math.min(limit, entries.size())));
    }
}
