package org.ecmomonitor.ingest;

import java.util.List;

/** Where feed configuration lives (always SQLite, {@code ingest.sqlite}). */
public interface FeedRepository {
    List<Feed> loadAll();

    void save(Feed feed);

    void delete(String device);
}
