package org.ecmomonitor.ingest;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the metric series one tag can make per meter name (issue 14: invented devices must not create unbounded
 * Micrometer series): past {@code max} distinct values, a new value is counted under {@value #OTHER}.
 */
public final class SeriesCap implements MeterFilter {
    public static final String OTHER = "_other";

    private final String tagKey;
    private final int max;
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

    public SeriesCap(String tagKey, int max) {
        this.tagKey = tagKey;
        this.max = max;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String value = id.getTag(tagKey);
        if (value == null) {
            return id;
        }
        Set<String> values = seen.computeIfAbsent(id.getName(), n -> ConcurrentHashMap.newKeySet());
        synchronized (values) {
            if (values.contains(value) || (values.size() < max && values.add(value))) {
                return id;
            }
        }
        List<Tag> tags = new ArrayList<>();
        for (Tag t : id.getTagsAsIterable()) {
            tags.add(t.getKey().equals(tagKey) ? Tag.of(tagKey, OTHER) : t);
        }
        return id.replaceTags(tags);
    }
}
