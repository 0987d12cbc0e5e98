package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The signals signals.md v2 added, and v2's wider lactate range: ranges, stale limits, lab flags. */
class SignalsV2Test {
    private static final long NOW = 1_763_712_000_000L;
    private static final Topic TOPIC = new Topic("B1", "dev");
    private final PayloadParser parser = new PayloadParser();

    private ParseResult parse(String signal, String value, String unit) {
        String json = "{\"ts\":" + NOW + ",\"signal\":\"" + signal + "\",\"value\":" + value + ",\"unit\":\"" + unit
                + "\",\"quality\":\"ok\"}";
        return parser.parse(TOPIC, json.getBytes(StandardCharsets.UTF_8), Map.of(), NOW);
    }

    @ParameterizedTest(name = "{0} {1} {2}: artifact {3}")
    @CsvSource(delimiter = '|', textBlock = """
            ecmo_p_pre      | -50    | mmHg   | false
            ecmo_p_pre      | 800    | mmHg   | false
            ecmo_p_pre      | -50.1  | mmHg   | true
            ecmo_p_pre      | 800.1  | mmHg   | true
            ecmo_p_post     | -50    | mmHg   | false
            ecmo_p_post     | 800    | mmHg   | false
            ecmo_p_post     | -50.1  | mmHg   | true
            ecmo_p_post     | 800.1  | mmHg   | true
            ecmo_p_post     | 107    | kPa    | true
            spo2_right_hand | 50     | %      | false
            spo2_right_hand | 100    | %      | false
            spo2_right_hand | 49.9   | %      | true
            spo2_right_hand | 0.499  | fraction | true
            spo2_right_hand | 1      | fraction | false
            pfhb            | 0      | mg/dL  | false
            pfhb            | 1000   | mg/dL  | false
            pfhb            | 1000.1 | mg/dL  | true
            pfhb            | 10.01  | g/L    | true
            platelets       | 0      | 10^9/L | false
            platelets       | 2000   | 10^9/L | false
            platelets       | 2001   | K/uL   | true
            anti_xa         | 0      | IU/mL  | false
            anti_xa         | 3      | IU/mL  | false
            anti_xa         | 3.01   | IU/mL  | true
            lactate         | 30.5   | mmol/L | false
            lactate         | 50     | mmol/L | false
            lactate         | 50.1   | mmol/L | true
            lactate         | 0.09   | mmol/L | true
            """)
    void plausibleRangesAreInclusiveAndAValueOutsideIsStoredAsAnArtifact(String signal, String value, String unit,
                                                                          boolean artifact) {
        ParseResult r = parse(signal, value, unit);
        assertThat(r.rejections()).isEmpty();
        assertThat(r.samples()).singleElement().extracting(Sample::artifact).isEqualTo(artifact);
    }

    @ParameterizedTest(name = "{0} {1} {2} is rejected")
    @CsvSource(delimiter = '|', textBlock = """
            ecmo_p_pre      | 1000.1 | mmHg
            ecmo_p_post     | -1000.1 | mmHg
            ecmo_p_post     | 134    | kPa
            spo2_right_hand | 100.1  | %
            spo2_right_hand | 1.01   | fraction
            spo2_right_hand | -1     | %
            pfhb            | -0.1   | mg/dL
            pfhb            | 101    | g/L
            platelets       | -1     | 10^9/L
            platelets       | 20001  | /nL
            anti_xa         | -0.01  | IU/mL
            anti_xa         | 21     | U/mL
            """)
    void aValueNoDeviceCanReportIsRejectedAsOutOfRange(String signal, String value, String unit) {
        ParseResult r = parse(signal, value, unit);
        assertThat(r.samples()).isEmpty();
        assertThat(r.rejections()).singleElement().extracting(Rejection::reason).isEqualTo(RejectReason.OUT_OF_RANGE);
    }

    @Test
    void aNewSignalWithoutAUnitIsRejected() {
        String json = "{\"ts\":" + NOW + ",\"signal\":\"anti_xa\",\"value\":0.4}";
        ParseResult r = parser.parse(TOPIC, json.getBytes(StandardCharsets.UTF_8), Map.of(), NOW);
        assertThat(r.rejections()).singleElement().extracting(Rejection::reason).isEqualTo(RejectReason.MISSING_UNIT);
    }

    @Test
    void circuitPressuresAndRightHandOximetryGoStaleAfter30Seconds() {
        assertThat(Signal.ECMO_P_PRE.staleAfter()).contains(Duration.ofSeconds(30));
        assertThat(Signal.ECMO_P_POST.staleAfter()).contains(Duration.ofSeconds(30));
        assertThat(Signal.SPO2_RIGHT_HAND.staleAfter()).contains(Duration.ofSeconds(30));
        assertThat(Signal.ECMO_P_PRE.isLab()).isFalse();
        assertThat(Signal.SPO2_RIGHT_HAND.isLab()).isFalse();
    }

    @Test
    void theNewLabsAreLabsWithoutAStaleLimit() {
        for (Signal lab : new Signal[] {Signal.PFHB, Signal.PLATELETS, Signal.ANTI_XA}) {
            assertThat(lab.isLab()).as(lab.wireName()).isTrue();
            assertThat(lab.staleAfter()).as(lab.wireName()).isEmpty();
        }
    }

    @Test
    void canonicalUnitsAreThoseOfSignalsMdAndReadBackAsTheCanonicalUnit() {
        assertThat(Signal.ECMO_P_PRE.canonicalUnit()).contains("mmHg");
        assertThat(Signal.SPO2_RIGHT_HAND.canonicalUnit()).contains("%");
        assertThat(Signal.PFHB.canonicalUnit()).contains("mg/dL");
        assertThat(Signal.PLATELETS.canonicalUnit()).contains("10^9/L");
        assertThat(Signal.ANTI_XA.canonicalUnit()).contains("IU/mL");
        for (Signal s : Signal.values()) {
            s.canonicalUnit().ifPresent(u -> assertThat(s.factorFor(u)).as(s.wireName()).contains(1.0));
        }
    }

    @Test
    void namesOnTheWireFindTheNewSignals() {
        assertThat(Signal.byWireName("ecmo_p_pre")).contains(Signal.ECMO_P_PRE);
        assertThat(Signal.byWireName("ecmo_p_post")).contains(Signal.ECMO_P_POST);
        assertThat(Signal.byWireName("spo2_right_hand")).contains(Signal.SPO2_RIGHT_HAND);
        assertThat(Signal.byWireName("pfhb")).contains(Signal.PFHB);
        assertThat(Signal.byWireName("platelets")).contains(Signal.PLATELETS);
        assertThat(Signal.byWireName("anti_xa")).contains(Signal.ANTI_XA);
    }
}
