package org.ecmomonitor.alerts.esper;

/** Which part of a rule a {@link RuleSignal} judges. */
public enum Stage {
    /** The rule's own raise and clear conditions. */
    RULE,
    /** A band that only raises the priority of an open alert to the signal's priority (LIMB_NIRS_LOW below 40). */
    BAND,
    /** A condition that clears an open alert at once (ECMO_FLOW_DROP on a deliberate speed change). */
    CLEAR
}
