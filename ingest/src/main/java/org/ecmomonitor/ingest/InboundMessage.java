package org.ecmomonitor.ingest;

import java.util.Objects;

/**
 * One MQTT message as a collector received it.
 *
 * @param source the collector ({@code mqtt} for the built-in endpoint, {@code broker} for the Paho subscriber)
 * @param signedInDevice the feed the connection authenticated as, or null for an anonymous connection
 * @param trusted true when an upstream broker has already authenticated the publisher
 */
public record InboundMessage(String topic, byte[] payload, String source, String signedInDevice, boolean trusted) {

    public InboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(source, "source");
    }
}
