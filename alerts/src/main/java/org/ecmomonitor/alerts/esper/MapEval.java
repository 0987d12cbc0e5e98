package org.ecmomonitor.alerts.esper;

/** Hemodynamics at one evaluation instant of a bed: median10s(map) of valid samples and the bed's MAP target. */
public record MapEval(String bed, long t, double median10s, double target, boolean broken) {
}
