package org.ecmomonitor.alerts.esper;

/**
 * A rule's condition turned on or off for a bed (whether its alert was raised or held back by a parent). The
 * combined rules (LIMB_ISCHEMIA) are written over these.
 */
public record ConditionState(String bed, String rule, long t, boolean active) {
}
