package org.ecmomonitor.dashboards.auth;

/** What a route needs the signed-in user to be allowed to do. */
public enum Permission {
    /** Read the board, the bed views, the feed status and the alert history. */
    VIEW,
    ACKNOWLEDGE,
    /** Edit a bed's patient context (weight, cannula side, mode, CRRT, MAP target). */
    EDIT_CONTEXT,
    SUPPRESS,
    EDIT_FEEDS,
    /** Accounts and the audit log. */
    ADMINISTER
}
