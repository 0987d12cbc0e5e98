package org.ecmomonitor.alerts;

import static org.ecmomonitor.alerts.Receipts.link;
import static org.ecmomonitor.alerts.Scenario.min;
import static org.ecmomonitor.alerts.Scenario.sec;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;

/**
 * alert-rules.md examples 19-21 and the live-world cases around them, as devices, links and receipts
 * ({@link Receipts}); the same definitions feed the engine tests ({@link TimeModelTest}) and the replay files with
 * {@code receivedAt} in {@code src/test/resources/replay/} ({@link TimeModelReplayTest}).
 */
final class TimeModelExamples {
    static final String BED = "B1";

    private TimeModelExamples() {
    }

    /** A bed whose monitor streams MAP 70 and whose console stops the pump at 5 min, each over its own link. */
    static Receipts pumpStops(Receipts.Link monitor, Receipts.Link console) {
        return new Receipts()
                .constant(BED, "monitor", monitor, Signal.MAP, min(0), min(8), 70)
                .series(BED, "console", console, Signal.ECMO_SPEED, min(0), min(8), sec(1), t -> t < 300 ? 3000 : 0)
                .series(BED, "console", console, Signal.ECMO_FLOW, min(0), min(8), sec(1), t -> t < 300 ? 4.0 : 0);
    }

    /** Example 19: the monitor's clock 8 s ahead of the server, the console's 8 s behind. */
    static Receipts example19SkewedClocks() {
        return pumpStops(link().ahead(sec(8)), link().ahead(sec(-8)));
    }

    /** Example 19: the same with the console's messages arriving 20 s late. */
    static Receipts example19ConsoleLate() {
        return pumpStops(link().ahead(sec(8)), link().lag(sec(20)));
    }

    /** Example 20: {@code others} beds send MAP every whole second; B's console sends for 1 min and goes silent. */
    static Receipts example20SilentConsole(int others) {
        Receipts r = new Receipts();
        for (int i = 0; i < others; i++) {
            r.constant("A" + i, "monitor", link(), Signal.MAP, min(0), min(3), 70);
        }
        return r.constant("B", "console", link(), Signal.ECMO_FLOW, min(0), min(1), 4.0)
                .constant("B", "console", link(), Signal.ECMO_SPEED, min(0), min(1), 3000);
    }

    /** Example 21: a lactate drawn at 07:20 that arrives at 08:05 with 12.0 mmol/L. */
    static Receipts example21LateLactate() {
        return new Receipts().lab(BED, Signal.LACTATE, min(-40), min(5), 12.0, LabStatus.FINAL);
    }

    /** Example 21: a preliminary 1.8 with the same ts after a final 6.0. */
    static Receipts example21PreliminaryAfterFinal() {
        return new Receipts()
                .lab(BED, Signal.LACTATE, min(-40), min(5), 6.0, LabStatus.FINAL)
                .lab(BED, Signal.LACTATE, min(-40), min(9), 1.8, LabStatus.PRELIMINARY);
    }

    /** Example 16's last sentence: the same rbc_units line received twice counts once. */
    static Receipts duplicateTransfusion() {
        Sample twoUnits = Sample.of(BED, "chart", Signal.RBC_UNITS, Scenario.at(min(0)), 2);
        return new Receipts().received(min(1), twoUnits).received(min(1).plus(sec(5)), twoUnits);
    }

    /**
     * Example 16 charted late: hemoglobin 10.0 at 08:00, 2 red cell units given at 10:00 but charted at 15:00, 8.4
     * at 14:00 (received 14:30): HB_DROP when the units arrive, observed at the 8.4's draw.
     */
    static Receipts lateTransfusion() {
        return new Receipts()
                .lab(BED, Signal.HEMOGLOBIN, min(0), min(30), 10.0, LabStatus.FINAL)
                .lab(BED, Signal.HEMOGLOBIN, min(360), min(390), 8.4, LabStatus.FINAL)
                .lab(BED, Signal.RBC_UNITS, min(120), min(420), 2, LabStatus.FINAL);
    }

    /**
     * Labs arriving out of order (Time 5): lactate 61 drawn at 10:00, then a 3.0 drawn at 09:00 (judged in its
     * place, not "the next" result, so LAB_IMPLAUSIBLE stays); plasma free hemoglobin 40 drawn at 11:00, then a 62
     * drawn at 10:00 (not the latest: no HEMOLYSIS).
     */
    static Receipts lateLabsOutOfOrder() {
        return new Receipts()
                .lab(BED, Signal.LACTATE, min(120), min(150), 61, LabStatus.FINAL)
                .lab(BED, Signal.LACTATE, min(60), min(180), 3.0, LabStatus.FINAL)
                .lab(BED, Signal.PFHB, min(180), min(210), 40, LabStatus.FINAL)
                .lab(BED, Signal.PFHB, min(120), min(240), 62, LabStatus.FINAL);
    }

    /**
     * A monitor that loses its link at 10 min, buffers 5 min with MAP 45 from 11 min, and resends it all at once
     * at 15 min; then goes on live.
     */
    static Receipts backlog() {
        Receipts r = new Receipts()
                .constant(BED, "monitor", link(), Signal.MAP, min(0), min(10), 75)
                .constant(BED, "console", link(), Signal.ECMO_FLOW, min(0), min(20), 4.0);
        for (int s = 600; s < 900; s++) {
            r.received(min(15).plus(Duration.ofMillis(s - 600)),
                    Sample.of(BED, "monitor", Signal.MAP, Scenario.at(sec(s)), s < 660 ? 75 : 45));
        }
        return r.constant(BED, "monitor", link(), Signal.MAP, min(15).plus(sec(1)), min(20), 45);
    }

    /** The replay files, by name. */
    static Map<String, Supplier<Receipts>> all() {
        Map<String, Supplier<Receipts>> m = new LinkedHashMap<>();
        m.put("example19-skewed-clocks", TimeModelExamples::example19SkewedClocks);
        m.put("example19-console-late", TimeModelExamples::example19ConsoleLate);
        m.put("example20-silent-console", () -> example20SilentConsole(20));
        m.put("example21-late-lactate", TimeModelExamples::example21LateLactate);
        m.put("example21-preliminary-after-final", TimeModelExamples::example21PreliminaryAfterFinal);
        m.put("duplicate-transfusion", TimeModelExamples::duplicateTransfusion);
        m.put("backlog-map-critical", TimeModelExamples::backlog);
        m.put("late-transfusion-hb-drop", TimeModelExamples::lateTransfusion);
        m.put("late-labs-out-of-order", TimeModelExamples::lateLabsOutOfOrder);
        return m;
    }

    /** Writes the replay files: {@code TimeModelExamples DIR}. */
    public static void main(String[] args) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
        java.nio.file.Files.createDirectories(dir);
        for (Map.Entry<String, Supplier<Receipts>> e : all().entrySet()) {
            java.nio.file.Files.writeString(dir.resolve(e.getKey() + ".jsonl"), e.getValue().get().toJsonl());
        }
    }
}
