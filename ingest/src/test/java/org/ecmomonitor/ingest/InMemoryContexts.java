package org.ecmomonitor.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link ContextRepository} in memory, for tests that do not look at SQLite. */
public final class InMemoryContexts implements ContextRepository {
    private final Map<String, PatientContext> current = new HashMap<>();
    private final Map<String, Long> since = new HashMap<>();

    @Override
    public synchronized void save(List<ContextUpdate> updates) {
        for (ContextUpdate u : updates) {
            current.put(u.bed(), current.getOrDefault(u.bed(), PatientContext.EMPTY).apply(u.set(), u.cleared()));
            since.put(u.bed(), u.tsMillis());
        }
    }

    @Override
    public synchronized Map<String, PatientContext> current() {
        return Map.copyOf(current);
    }

    @Override
    public synchronized Map<String, Long> currentSince() {
        return Map.copyOf(since);
    }
}
