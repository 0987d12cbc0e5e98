package org.ecmomonitor.alerts;

/**
 * Alert writes the repository could not store yet (issue 14: a full disk must not lose an alert): they are shown
 * and kept in memory, retried oldest first, until storage takes them.
 *
 * @param unstoredEvents alert events kept in memory, not yet in the alert history
 * @param droppedEvents alert events dropped from memory since start because more were waiting than the bound
 *     allows: missing from the history for good
 * @param problem the last storage error while any are waiting, else null
 */
public record AlertBacklog(int unstoredEvents, long droppedEvents, String problem) {
    public static final AlertBacklog NONE = new AlertBacklog(0, 0, null);

    public AlertBacklog {
        if (unstoredEvents < 0 || droppedEvents < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
