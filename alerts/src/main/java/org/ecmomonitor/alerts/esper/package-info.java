/**
 * The rule pack on Esper: the EPL modules of {@code src/main/resources/epl/} (one per rule family, each opening
 * with its clinical intent and sources), the evaluation events Java sends them (records registered with the
 * public accessor style), and the one thing every rule statement produces, a typed {@link
 * org.ecmomonitor.alerts.esper.RuleSignal} that Esper builds through its constructor.
 *
 * <p>Adding a rule: its statement in its family's EPL module (thresholds as variables, {@code @name}), its
 * {@code Rule} entry (kind, latching, children), and, when it needs a statistic no evaluation event carries yet,
 * that field in the family's evaluation event and its state in {@code eval.BedState}. A new family is a new EPL
 * module listed in {@link org.ecmomonitor.alerts.esper.EsperRulePack#MODULES} and its event record in {@code
 * EVENT_TYPES} there: that pair is the registry.
 *
 * <p>Where EPL is the wrong tool, Java does the work and EPL judges the result; each choice was measured or forced
 * by the spec:
 * <ul>
 *   <li>Sliding medians and means over aligned sample times ({@code eval.SampleWindow}): Esper's windows keep
 *       arrival order and engine time; the spec's windows are over the devices' aligned times, and a late sample
 *       must go into its place.</li>
 *   <li>Device clock alignment ({@code eval.DeviceClock}) and evaluation instants: the engine clock is the
 *       server's, samples are placed at {@code ts} + the device's offset (alert-rules.md Time 2, 7).</li>
 *   <li>Silence ({@code eval.SilenceWatch}): an EPL timer per bed and signal cost more than every other rule
 *       together at 3,000 beds; silence is judged on receipt (Time 3).</li>
 *   <li>"C held for D" ({@code lifecycle.HoldTracker}) and the lifecycle: parents, latching, suppression and
 *       escalation need state across rules that EPL tables expressed only with many statements per rule.</li>
 *   <li>Lab and charted histories by observation time (lactate, hemoglobin, urine, transfusions, the latest
 *       result of each coagulation lab and whether each lab's latest is plausible): a late result takes its place,
 *       a preliminary never replaces a final (Time 5, 6); an Esper time window counts by arrival.</li>
 * </ul>
 */
package org.ecmomonitor.alerts.esper;
