package org.ecmomonitor.ingest;

import java.util.Objects;

/**
 * One MQTT message as a collector received it.
 *
 * @param source the collector ({@code mqtt} for the built-in endpoint, {@code broker} for the Paho subscriber,
 *     {@code http} for an edit on the board)
 * @param signedInDevice the feed the connection authenticated as, or null for an anonymous connection
 * @param trusted true when an upstream broker has already authenticated the publisher (the site broker, or the
 *     demo's simulated gateways on loopback); the feed's bed list still applies to the topic's device
 * @param user the signed-in user who made the change on the board, or null
 */
public record InboundMessage(String topic, byte[] payload, String source, String signedInDevice, boolean trusted,
                             String user) {

    public InboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(source, "source");
    }

    /** A message from a device or a broker, not a user. */
    public InboundMessage(String topic, byte[] payload, String source, String signedInDevice, boolean trusted) {
        this(topic, payload, source, signedInDevice, trusted, null);
    }

    /** Who a context change in this message is recorded as made by (issue 14: context changes are audited). */
    String author() {
        if (user != null) {
            return "user:" + user;
        }
        if (signedInDevice != null) {
            return "device:" + signedInDevice;
        }
        return trusted ? source : "anonymous";
    }
}
