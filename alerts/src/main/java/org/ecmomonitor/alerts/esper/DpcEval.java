package org.ecmomonitor.alerts.esper;

/** Distal perfusion cannula flow at one evaluation instant of a bed whose cannula side is known. */
public record DpcEval(String bed, long t, double median10s, boolean broken) {
}
