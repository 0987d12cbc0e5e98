package org.ecmomonitor.ingest;

import java.util.Optional;

/**
 * A device topic {@code icu/{bed}/{device}} or a context topic {@code icu/{bed}/context} (contract §1). The bed
 * in the topic is authoritative.
 *
 * @param device the device id, or {@code context} for a context topic
 */
public record Topic(String bed, String device) {
    public static final String CONTEXT = "context";

    public Topic {
        Ids.require(bed, "bed");
        Ids.require(device, "device");
    }

    public boolean isContext() {
        return CONTEXT.equals(device);
    }

    public static Optional<Topic> parse(String topic) {
        if (topic == null || !topic.startsWith("icu/")) {
            return Optional.empty();
        }
        int slash = topic.indexOf('/', 4);
        if (slash < 0) {
            return Optional.empty();
        }
        String bed = topic.substring(4, slash);
        String device = topic.substring(slash + 1);
        if (!Ids.isValid(bed) || !Ids.isValid(device)) {
            return Optional.empty();
        }
        return Optional.of(new Topic(bed, device));
    }

    @Override
    public String toString() {
        return "icu/" + bed + "/" + device;
    }
}
