package org.ecmomonitor.ingest;

/**
 * What became of a message once it is durable: how many samples or context updates were stored and how many
 * items were rejected (and dead-lettered).
 */
public record Delivery(int accepted, int rejected, RejectReason firstReason) {

    public boolean fullyRejected() {
        return accepted == 0 && rejected > 0;
    }
}
