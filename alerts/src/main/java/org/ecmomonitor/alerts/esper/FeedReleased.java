package org.ecmomonitor.alerts.esper;

/**
 * A bed's circuit signal is no longer watched for silence or artifacts: the bed was decannulated ({@code ecmo_mode}
 * off, alert-rules.md "Context that gates rules (v2)"), so an open FEED_STALE or SIGNAL_ARTIFACT of it clears.
 * The engine clears them through the lifecycle (a one-off fact, not a condition that holds).
 */
public record FeedReleased(String bed, String signal, long t) {
}
