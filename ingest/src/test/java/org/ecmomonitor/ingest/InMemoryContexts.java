package org.ecmomonitor.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link ContextRepository} in memory, for tests that do not look at SQLite. */
public final class InMemoryContexts implements ContextRepository {
    private final Map<String, PatientContext> current = new HashMap<>();
    private final Map<String, Long> since = new HashMap<>();
    private final List<ContextChange> history = new ArrayList<>();

    @Override
    public synchronized void save(List<ContextUpdate> updates) {
        for (ContextUpdate u : updates) {
            current.put(u.bed(), current.getOrDefault(u.bed(), PatientContext.EMPTY).apply(u.set(), u.cleared()));
            since.put(u.bed(), u.tsMillis());
            history.add(0, new ContextChange(u.bed(), u.tsMillis(), current.get(u.bed()), u.changedBy()));
        }
    }

    @Override
    public synchronized List<ContextChange> history(String bed, int limit) {
        return history.stream().filter(c -> c.bed().equals(bed)).limit(limit).toList();
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
