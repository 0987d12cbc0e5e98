/**
 * Each bed as the rules see it ({@link org.ecmomonitor.alerts.eval.BedState}): sliding windows, device clocks,
 * evaluation timelines per rule family, lab and charted histories, and which signals have gone silent. It turns
 * samples and the engine clock's ticks into the evaluation events of {@code esper}; why this is Java and not EPL is
 * said in that package's documentation.
 */
package org.ecmomonitor.alerts.eval;
