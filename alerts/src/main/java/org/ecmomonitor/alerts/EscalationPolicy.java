package org.ecmomonitor.alerts;

/**
 * When an unacknowledged alert escalates (alert-rules.md): high to level 2 after 60 s and level 3 after 180 s,
 * medium to level 2 after 10 min; a high alert acknowledged more than 15 min ago whose condition still holds
 * returns to active (escalated, level 1).
 */
public record EscalationPolicy(long highLevel2Millis, long highLevel3Millis, long mediumLevel2Millis,
                               long reactivateAfterMillis) {
    public static final EscalationPolicy DEFAULT = new EscalationPolicy(60_000, 180_000, 600_000, 900_000);

    public EscalationPolicy {
        if (highLevel2Millis < 1 || highLevel3Millis <= highLevel2Millis || mediumLevel2Millis < 1
                || reactivateAfterMillis < 1) {
            throw new IllegalArgumentException("escalation times must be positive, level 3 after level 2");
        }
    }
}
