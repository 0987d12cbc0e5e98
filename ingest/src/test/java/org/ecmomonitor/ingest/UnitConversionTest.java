package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitConversionTest {
    private final PayloadParser parser = new PayloadParser();
    private static final Topic TOPIC = new Topic("B1", "dev");
    private static final long NOW = 1_763_712_000_000L;

    @ParameterizedTest(name = "{1} {2} {0} is {3} canonical")
    @CsvSource(delimiter = '|', textBlock = """
            map          | 8.4    | kPa      | 63.0
            map          | 63     | mmHg     | 63.0
            map          | 63     | mm[Hg]   | 63.0
            map          | 63     | ' MMHG ' | 63.0
            sbp          | 16     | kpa      | 120.0
            dbp          | 8      | kPa      | 60.0
            ecmo_p_venous| -4     | kPa      | -30.0
            ecmo_flow    | 3.8    | L/min    | 3.8
            ecmo_flow    | 3800   | mL/min   | 3.8
            ecmo_flow    | 4250   | ml/min   | 4.25
            ecmo_speed   | 3100   | rpm      | 3100.0
            ecmo_speed   | 3100   | /min     | 3100.0
            ecmo_speed   | 52     | rev/s    | 3120.0
            dpc_flow     | 180    | mL/min   | 180.0
            dpc_flow     | 0.18   | L/min    | 180.0
            nirs_left    | 68     | %        | 68.0
            nirs_right   | 0.68   | fraction | 68.0
            lactate      | 2.4    | mmol/L   | 2.4
            lactate      | 36.0   | mg/dL    | 4.0
            lactate      | 35.0   | mg/dL    | 3.9
            lactate      | 2400   | umol/L   | 2.4
            lactate      | 2450   | µmol/L   | 2.5
            lactate      | 2450   | μmol/L   | 2.5
            urine_output | 35     | mL       | 35.0
            urine_output | 35     | mL/h     | 35.0
            urine_output | 0.035  | L        | 35.0
            hemoglobin   | 11.2   | g/dL     | 11.2
            hemoglobin   | 81     | g/L      | 8.1
            hemoglobin   | 5.0    | mmol/L   | 8.1
            ecmo_p_pre   | 250    | mmHg     | 250.0
            ecmo_p_pre   | 33.3   | kPa      | 249.8
            ecmo_p_pre   | 30     | mm[Hg]   | 30.0
            ecmo_p_post  | 210    | mmHg     | 210.0
            ecmo_p_post  | 28     | kPa      | 210.0
            ecmo_p_post  | -2     | kPa      | -15.0
            spo2_right_hand | 94  | %        | 94.0
            spo2_right_hand | 0.94 | fraction | 94.0
            spo2_right_hand | 0.875 | {fraction} | 87.5
            pfhb         | 12     | mg/dL    | 12.0
            pfhb         | 0.5    | g/L      | 50.0
            pfhb         | 0.123  | g/L      | 12.3
            pfhb         | 35     | mg/L     | 3.5
            pfhb         | 123    | mg/L     | 12.3
            platelets    | 150    | 10^9/L   | 150.0
            platelets    | 150    | 10*9/L   | 150.0
            platelets    | 150    | 10⁹/L    | 150.0
            platelets    | 150    | 10*3/uL  | 150.0
            platelets    | 150    | 10^3/uL  | 150.0
            platelets    | 150    | 10^3/µL  | 150.0
            platelets    | 150    | 10³/µL   | 150.0
            platelets    | 150    | K/uL     | 150.0
            platelets    | 150    | k/µL     | 150.0
            platelets    | 150    | /nL      | 150.0
            anti_xa      | 0.45   | IU/mL    | 0.45
            anti_xa      | 0.45   | [IU]/mL  | 0.45
            anti_xa      | 0.45   | U/mL     | 0.45
            anti_xa      | 0.45   | iu/ml    | 0.45
            """)
    void convertsEveryListedUnitExactlyToTheCanonicalOne(String signal, double value, String unit, double expected) {
        String json = "{\"ts\":" + NOW + ",\"signal\":\"" + signal + "\",\"value\":" + value + ",\"unit\":\""
                + unit + "\"}";
        ParseResult r = parser.parse(TOPIC, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of(), NOW);
        assertThat(r.rejections()).isEmpty();
        assertThat(r.samples()).singleElement().satisfies(s -> {
            assertThat(s.value()).isEqualTo(expected);
            assertThat(s.originalValue()).isEqualTo(value);
            assertThat(s.originalUnit()).isEqualTo(unit);
        });
    }

    @ParameterizedTest(name = "{0} in {1} is rejected")
    @CsvSource(delimiter = '|', textBlock = """
            map        | mmol/L
            map        | cmH2O
            ecmo_flow  | L/h
            lactate    | mg/L
            hemoglobin | g/mL
            nirs_left  | ''
            ecmo_p_pre | cmH2O
            ecmo_p_post| mmol/L
            spo2_right_hand | mmHg
            pfhb       | g/dL
            pfhb       | umol/L
            platelets  | /uL
            platelets  | 10^6/uL
            platelets  | 10^12/L
            anti_xa    | IU/L
            anti_xa    | ug/mL
            """)
    void rejectsUnitsTheSignalDoesNotList(String signal, String unit) {
        String json = "{\"ts\":" + NOW + ",\"signal\":\"" + signal + "\",\"value\":5,\"unit\":\"" + unit + "\"}";
        ParseResult r = parser.parse(TOPIC, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of(), NOW);
        assertThat(r.samples()).isEmpty();
        assertThat(r.rejections()).singleElement().extracting(Rejection::reason).isEqualTo(RejectReason.UNKNOWN_UNIT);
    }
}
