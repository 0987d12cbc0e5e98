package org.ecmomonitor.ingest;

/**
 * Who may publish what for which bed (issue 14): a feed's beds are authoritative, for samples and for context.
 *
 * <ul>
 *   <li>Samples on {@code icu/{bed}/{device}}: a signed-in connection publishes only as its own device; a device
 *       whose feed has a password must be signed in (or come through the trusted site broker); and the bed must be
 *       one of the feed's beds, whoever sends it.</li>
 *   <li>Context on {@code icu/{bed}/context} switches alarms (an {@code ecmo_mode} of {@code off} silences the
 *       pump-stop rule), so it needs a known author: a signed-in device whose feed says {@code context: true} and
 *       covers the bed (the bedside gateway, the EHR connector; never a NIRS or pump device), a board user, or the
 *       site broker (which authenticated the publisher; the topic names no device). Anonymous context is refused.</li>
 * </ul>
 */
final class FeedAuthority {
    private FeedAuthority() {
    }

    /** Null when the message may be taken, else the reason it is refused, for the dead letter and the log. */
    static String refusal(FeedRegistry feeds, InboundMessage msg, Topic topic) {
        String bed = topic.bed();
        if (topic.isContext()) {
            if (msg.user() != null || msg.trusted()) {
                return null;
            }
            String device = msg.signedInDevice();
            if (device == null) {
                return "context for bed " + bed + " from an anonymous connection; only a signed-in device whose"
                        + " feed has 'context: true' may send context";
            }
            Feed f = feeds.find(device).orElse(null);
            if (f == null || !f.context()) {
                return "device " + device + " may not send context (its feed has no 'context: true')";
            }
            return f.allowsBed(bed) ? null : notItsBed(f, bed);
        }
        Feed feed = feeds.find(topic.device()).orElse(null);
        if (msg.signedInDevice() != null && !msg.signedInDevice().equals(topic.device())) {
            return "signed in as device " + msg.signedInDevice() + ", may not publish as device " + topic.device();
        }
        if (msg.signedInDevice() == null && !msg.trusted() && feed != null && feed.requiresSignIn()) {
            return "device " + topic.device() + " must sign in to publish";
        }
        return feed == null || feed.allowsBed(bed) ? null : notItsBed(feed, bed);
    }

    private static String notItsBed(Feed f, String bed) {
        return "device " + f.device() + " may not publish for bed " + bed + " (its feed's beds: "
                + String.join(", ", new java.util.TreeSet<>(f.beds())) + ")";
    }
}
