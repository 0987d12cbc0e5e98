package org.ecmomonitor.ingest;

import java.util.List;
import java.util.Map;

/** Patient context per bed, always in SQLite: every update is kept, and the current context per bed. */
public interface ContextRepository {
    /** Applies and stores the updates in order; durable when this returns. */
    void save(List<ContextUpdate> updates) throws StoreException;

    /** The current context of every bed that has one. */
    Map<String, PatientContext> current();

    /** When the current context of every bed that has one took effect (its {@code ts}), epoch milliseconds. */
    Map<String, Long> currentSince();

    /** A bed's context changes, newest first, with who made each. */
    List<ContextChange> history(String bed, int limit) throws StoreException;
}
