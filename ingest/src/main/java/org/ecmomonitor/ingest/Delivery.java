package org.ecmomonitor.ingest;

/**
 * What became of a message once it is durable: how many samples or context updates were stored, how many items
 * were rejected (and dead-lettered), and how many samples were duplicates of ones already stored (alert-rules.md
 * Time 6: acknowledged, not stored again, not rejections).
 */
public record Delivery(int accepted, int rejected, RejectReason firstReason, int duplicates) {

    /** A message without duplicates. */
    public Delivery(int accepted, int rejected, RejectReason firstReason) {
        this(accepted, rejected, firstReason, 0);
    }

    /** Nothing in the message was taken or had been taken before: only rejected items. */
    public boolean fullyRejected() {
        return accepted == 0 && duplicates == 0 && rejected > 0;
    }
}
