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
            """)
    void rejectsUnitsTheSignalDoesNotList(String signal, String unit) {
        String json = "{\"ts\":" + NOW + ",\"signal\":\"" + signal + "\",\"value\":5,\"unit\":\"" + unit + "\"}";
        ParseResult r = parser.parse(TOPIC, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of(), NOW);
        assertThat(r.samples()).isEmpty();
        assertThat(r.rejections()).singleElement().extracting(Rejection::reason).isEqualTo(RejectReason.UNKNOWN_UNIT);
    }
}
