package org.ecmomonitor.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link FeedRepository} in memory. */
public final class InMemoryFeeds implements FeedRepository {
    private final Map<String, Feed> feeds = new LinkedHashMap<>();
    private int saves;

    @Override
    public synchronized List<Feed> loadAll() {
        return new ArrayList<>(feeds.values());
    }

    @Override
    public synchronized void save(Feed feed) {
        saves++;
        feeds.put(feed.device(), feed);
    }

    @Override
    public synchronized void delete(String device) {
        feeds.remove(device);
    }

    public synchronized int saves() {
        return saves;
    }
}
