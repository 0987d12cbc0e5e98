package org.ecmomonitor.ingest;

import java.util.Objects;

/**
 * One rejected message or item.
 *
 * @param index the item's position in a batch, or -1 when the whole message is rejected
 * @param detail a human-readable reason naming the field and the offending value
 */
public record Rejection(RejectReason reason, String detail, int index) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    public static Rejection ofMessage(RejectReason reason, String detail) {
        return new Rejection(reason, detail, -1);
    }
}
