package org.ecmomonitor.alerts.esper;

/** Red cell units transfused to a bed at {@code t} (rbc_units). */
public record Transfusion(String bed, long t, double units) {
}
