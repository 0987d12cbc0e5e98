package org.ecmomonitor.ingest;

import java.util.List;

/**
 * A message with at least one rejected item, kept with its raw bytes.
 *
 * @param feed the feed the rejection counts against (the topic's device, or the signed-in device, or
 *     {@code _unknown})
 * @param raw the payload exactly as received (null when the packet was too large to be read)
 * @param size the payload size in bytes
 */
public record DeadLetter(long atMillis, String source, String topic, String feed, List<Rejection> rejections,
                         byte[] raw, int size) {

    public DeadLetter {
        rejections = List.copyOf(rejections);
    }
}
