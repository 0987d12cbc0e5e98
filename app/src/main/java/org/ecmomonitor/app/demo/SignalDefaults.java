package org.ecmomonitor.app.demo;

import org.ecmomonitor.ingest.Signal;

/**
 * How a bedside gateway sends each signal: from which device, how often, at what resolution (signals.md's typical
 * intervals: numerics at 1 Hz, limb NIRS every 4 s; labs and charted urine have no fixed rate).
 */
final class SignalDefaults {
    private SignalDefaults() {
    }

    static String device(Signal s) {
        return switch (s) {
            case MAP, SBP, DBP, SPO2_RIGHT_HAND -> "monitor";
            case ECMO_FLOW, ECMO_SPEED, ECMO_P_VENOUS, ECMO_P_PRE, ECMO_P_POST, DPC_FLOW -> "console";
            case NIRS_LEFT, NIRS_RIGHT -> "nirs";
            case LACTATE, HEMOGLOBIN, PFHB, PLATELETS, ANTI_XA -> "lab";
            case URINE_OUTPUT, RBC_UNITS -> "chart";
        };
    }

    /** 0 for signals without a fixed rate (they need {@code every} or {@code at} in the scenario). */
    static long everyMillis(Signal s) {
        return switch (s) {
            case MAP, SBP, DBP, SPO2_RIGHT_HAND, ECMO_FLOW, ECMO_SPEED, ECMO_P_VENOUS, ECMO_P_PRE, ECMO_P_POST,
                 DPC_FLOW -> 1_000;
            case NIRS_LEFT, NIRS_RIGHT -> 4_000;
            default -> 0;
        };
    }

    static double resolution(Signal s) {
        return switch (s) {
            case ECMO_FLOW -> 0.01;
            case ECMO_SPEED -> 10;
            case LACTATE, HEMOGLOBIN, PFHB -> 0.1;
            case ANTI_XA -> 0.01;
            default -> 1;
        };
    }
}
