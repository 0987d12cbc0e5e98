package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadParserTest {
    private static final long NOW = Instant.parse("2026-11-21T08:00:00Z").toEpochMilli();
    private static final Topic TOPIC = new Topic("B1", "console");
    /** Several payloads below are stamped 1763712000000 (a year before NOW): kept for two years here. */
    private final PayloadParser parser = new PayloadParser(java.time.Duration.ofDays(730));

    private ParseResult parse(String json) {
        return parse(json, Map.of());
    }

    private ParseResult parse(String json, Map<String, Signal> aliases) {
        return parser.parse(TOPIC, json.getBytes(StandardCharsets.UTF_8), aliases, NOW);
    }

    @Test
    void readsTheContractsSingleSampleWithAnIsoTimestamp() {
        ParseResult r = parse("{\"ts\": \"2026-11-21T08:00:00.000Z\", \"signal\": \"map\", \"value\": 63.0,"
                + " \"unit\": \"mmHg\"}");
        assertThat(r.rejections()).isEmpty();
        Sample s = r.samples().get(0);
        assertThat(s.bed()).isEqualTo("B1");
        assertThat(s.device()).isEqualTo("console");
        assertThat(s.signal()).isEqualTo(Signal.MAP);
        assertThat(s.tsMillis()).isEqualTo(NOW);
        assertThat(s.value()).isEqualTo(63.0);
        assertThat(s.artifact()).isFalse();
        assertThat(s.quality()).isEqualTo(Quality.OK);
        assertThat(s.status()).isEqualTo(LabStatus.FINAL);
        assertThat(s.specimen()).isEqualTo(Specimen.UNKNOWN);
    }

    @Test
    void readsTheContractsBatchWithEpochMilliseconds() {
        ParseResult r = parse("{\"samples\": [ {\"ts\": 1763712000000, \"signal\": \"ecmo_flow\", \"value\": 3.8,"
                + " \"unit\": \"L/min\"}, {\"ts\": 1763712000000, \"signal\": \"ecmo_speed\", \"value\": 3100,"
                + " \"unit\": \"rpm\"} ]}");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.samples()).extracting(Sample::signal).containsExactly(Signal.ECMO_FLOW, Signal.ECMO_SPEED);
        assertThat(r.samples()).extracting(Sample::tsMillis).containsOnly(1_763_712_000_000L);
    }

    @Test
    void acceptsIsoTimestampsWithAnyOffset() {
        ParseResult r = parse("{\"ts\": \"2026-11-21T09:00:00+01:00\", \"signal\": \"map\", \"value\": 70,"
                + " \"unit\": \"mmHg\"}");
        assertThat(r.samples()).singleElement().extracting(Sample::tsMillis).isEqualTo(NOW);
    }

    @Test
    void keepsTheGoodItemsOfABatchWithBadOnesAndSaysWhichWereRejected() {
        ParseResult r = parse("{\"samples\": ["
                + "{\"ts\": 1763712000000, \"signal\": \"map\", \"value\": 61, \"unit\": \"mmHg\"},"
                + "{\"ts\": 1763712000000, \"signal\": \"map\", \"value\": \"61\", \"unit\": \"mmHg\"},"
                + "{\"ts\": 1763712000000, \"signal\": \"flux\", \"value\": 1, \"unit\": \"mmHg\"},"
                + "42,"
                + "{\"ts\": 1763712000000, \"signal\": \"ecmo_flow\", \"value\": 3.8, \"unit\": \"L/min\"}]}");
        assertThat(r.samples()).extracting(Sample::signal).containsExactly(Signal.MAP, Signal.ECMO_FLOW);
        assertThat(r.rejections()).extracting(Rejection::index, Rejection::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, RejectReason.WRONG_TYPE),
                org.assertj.core.groups.Tuple.tuple(2, RejectReason.UNKNOWN_SIGNAL),
                org.assertj.core.groups.Tuple.tuple(3, RejectReason.NOT_AN_OBJECT));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            malformed JSON               | {"ts": 1, "signal": "map"                                          | MALFORMED_JSON
            trailing garbage             | {"ts": 1763712000000, "signal": "map", "value": 1, "unit": "mmHg"} x | MALFORMED_JSON
            NaN literal                  | {"ts": 1763712000000, "signal": "map", "value": NaN, "unit": "mmHg"} | MALFORMED_JSON
            Infinity literal             | {"ts": 1763712000000, "signal": "map", "value": Infinity, "unit": "mmHg"} | MALFORMED_JSON
            duplicate keys               | {"ts": 1763712000000, "signal": "map", "value": 1, "value": 2, "unit": "mmHg"} | MALFORMED_JSON
            not an object                | [1, 2, 3]                                                          | NOT_AN_OBJECT
            a bare string                | "map"                                                              | NOT_AN_OBJECT
            samples not an array         | {"samples": {"ts": 1}}                                             | NOT_AN_OBJECT
            value as a string            | {"ts": 1763712000000, "signal": "map", "value": "63", "unit": "mmHg"} | WRONG_TYPE
            value as a boolean           | {"ts": 1763712000000, "signal": "map", "value": true, "unit": "mmHg"} | WRONG_TYPE
            signal as a number           | {"ts": 1763712000000, "signal": 5, "value": 63, "unit": "mmHg"}  | WRONG_TYPE
            unit as a number             | {"ts": 1763712000000, "signal": "map", "value": 63, "unit": 1}   | WRONG_TYPE
            overflowing number           | {"ts": 1763712000000, "signal": "map", "value": 1e400, "unit": "mmHg"} | NOT_FINITE
            unknown signal               | {"ts": 1763712000000, "signal": "heart_rate", "value": 80, "unit": "/min"} | UNKNOWN_SIGNAL
            signal names are exact       | {"ts": 1763712000000, "signal": "MAP", "value": 63, "unit": "mmHg"} | UNKNOWN_SIGNAL
            unknown unit                 | {"ts": 1763712000000, "signal": "map", "value": 63, "unit": "psi"} | UNKNOWN_UNIT
            missing unit                 | {"ts": 1763712000000, "signal": "map", "value": 63}               | MISSING_UNIT
            missing value                | {"ts": 1763712000000, "signal": "map", "unit": "mmHg"}            | MISSING_FIELD
            null value                   | {"ts": 1763712000000, "signal": "map", "value": null, "unit": "mmHg"} | MISSING_FIELD
            missing signal               | {"ts": 1763712000000, "value": 63, "unit": "mmHg"}                | MISSING_FIELD
            missing ts                   | {"signal": "map", "value": 63, "unit": "mmHg"}                    | MISSING_FIELD
            ts without offset            | {"ts": "2026-11-21T08:00:00", "signal": "map", "value": 63, "unit": "mmHg"} | BAD_TS
            ts as a date only            | {"ts": "2026-11-21", "signal": "map", "value": 63, "unit": "mmHg"} | BAD_TS
            ts as a fraction             | {"ts": 1763712000000.5, "signal": "map", "value": 63, "unit": "mmHg"} | BAD_TS
            ts as a boolean              | {"ts": true, "signal": "map", "value": 63, "unit": "mmHg"}        | BAD_TS
            impossible value             | {"ts": 1763712000000, "signal": "nirs_left", "value": 140, "unit": "%"} | OUT_OF_RANGE
            negative urine               | {"ts": 1763712000000, "signal": "urine_output", "value": -5, "unit": "mL"} | OUT_OF_RANGE
            unknown quality              | {"ts": 1763712000000, "signal": "map", "value": 63, "unit": "mmHg", "quality": "meh"} | BAD_FIELD_VALUE
            unknown lab status           | {"ts": 1763712000000, "signal": "lactate", "value": 2, "unit": "mmol/L", "status": "draft"} | BAD_FIELD_VALUE
            unknown specimen             | {"ts": 1763712000000, "signal": "lactate", "value": 2, "unit": "mmol/L", "specimen": "urine"} | BAD_FIELD_VALUE
            """)
    void rejectsBadInputWithAReasonAndNeverThrows(String name, String json, RejectReason reason) {
        ParseResult r = parse(json);
        assertThat(r.samples()).as(name).isEmpty();
        assertThat(r.rejections()).as(name).singleElement().extracting(Rejection::reason).isEqualTo(reason);
        assertThat(r.rejections().get(0).detail()).isNotBlank();
    }

    @Test
    void rejectsAPayloadOver64KiBWithoutReadingIt() {
        byte[] big = new byte[PayloadParser.MAX_PAYLOAD_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        ParseResult r = parser.parse(TOPIC, big, Map.of(), NOW);
        assertThat(r.rejections()).singleElement().extracting(Rejection::reason).isEqualTo(RejectReason.OVERSIZE);
    }

    @Test
    void rejectsDeeplyNestedJson() {
        String json = "[".repeat(100) + "]".repeat(100);
        assertThat(parse(json).rejections()).singleElement().extracting(Rejection::reason)
                .isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void rejectsInvalidUtf8AsMalformed() {
        byte[] bad = {'{', '"', 't', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThat(parser.parse(TOPIC, bad, Map.of(), NOW).rejections()).singleElement()
                .extracting(Rejection::reason).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void acceptsATimestampUpTo10SecondsAheadAndRejectsOneMillisecondMore() {
        ParseResult at10s = parse("{\"ts\": " + (NOW + 10_000) + ", \"signal\": \"map\", \"value\": 63, \"unit\": \"mmHg\"}");
        ParseResult past = parse("{\"ts\": " + (NOW + 10_001) + ", \"signal\": \"map\", \"value\": 63, \"unit\": \"mmHg\"}");
        assertThat(at10s.samples()).hasSize(1);
        assertThat(past.rejections()).singleElement().extracting(Rejection::reason).isEqualTo(RejectReason.FUTURE_TS);
    }

    @Test
    void storesImplausibleValuesAsArtifactsInsteadOfRejectingThem() {
        ParseResult zero = parse("{\"ts\": 1763712000000, \"signal\": \"map\", \"value\": 0, \"unit\": \"mmHg\"}");
        ParseResult flush = parse("{\"ts\": 1763712000000, \"signal\": \"map\", \"value\": 300, \"unit\": \"mmHg\"}");
        assertThat(zero.samples()).singleElement().satisfies(s -> assertThat(s.artifact()).isTrue());
        assertThat(flush.samples()).singleElement().satisfies(s -> assertThat(s.artifact()).isTrue());
    }

    @Test
    void plausibleRangeLimitsAreInclusive() {
        ParseResult low = parse("{\"ts\": 1763712000000, \"signal\": \"map\", \"value\": 10, \"unit\": \"mmHg\"}");
        ParseResult high = parse("{\"ts\": 1763712000000, \"signal\": \"map\", \"value\": 200, \"unit\": \"mmHg\"}");
        ParseResult over = parse("{\"ts\": 1763712000000, \"signal\": \"map\", \"value\": 200.1, \"unit\": \"mmHg\"}");
        assertThat(low.samples().get(0).artifact()).isFalse();
        assertThat(high.samples().get(0).artifact()).isFalse();
        assertThat(over.samples().get(0).artifact()).isTrue();
    }

    @Test
    void marksSamplesWithQualityOtherThanOkAsArtifacts() {
        ParseResult r = parse("{\"samples\": ["
                + "{\"ts\": 1763712000000, \"signal\": \"nirs_left\", \"value\": 60, \"unit\": \"%\", \"quality\": \"probe_off\"},"
                + "{\"ts\": 1763712000000, \"signal\": \"map\", \"value\": 70, \"unit\": \"mmHg\", \"quality\": \"artifact\"},"
                + "{\"ts\": 1763712000000, \"signal\": \"map\", \"value\": 70, \"unit\": \"mmHg\", \"quality\": \"ok\"}]}");
        assertThat(r.samples()).extracting(Sample::artifact).containsExactly(true, true, false);
        assertThat(r.samples()).extracting(Sample::quality)
                .containsExactly(Quality.PROBE_OFF, Quality.ARTIFACT, Quality.OK);
    }

    @Test
    void readsLabStatusAndSpecimen() {
        ParseResult r = parse("{\"ts\": 1763712000000, \"signal\": \"lactate\", \"value\": 4.1, \"unit\": \"mmol/L\","
                + " \"status\": \"corrected\", \"specimen\": \"arterial\"}");
        assertThat(r.samples()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(LabStatus.CORRECTED);
            assertThat(s.specimen()).isEqualTo(Specimen.ARTERIAL);
        });
    }

    @Test
    void mapsTheFeedsAliasesToCanonicalSignals() {
        ParseResult r = parse("{\"ts\": 1763712000000, \"signal\": \"ABP_MEAN\", \"value\": 64, \"unit\": \"mmHg\"}",
                Map.of("ABP_MEAN", Signal.MAP));
        assertThat(r.samples()).singleElement().extracting(Sample::signal).isEqualTo(Signal.MAP);
    }

    @Test
    void transfusionsNeedNoUnit() {
        ParseResult r = parse("{\"ts\": 1763712000000, \"signal\": \"rbc_units\", \"value\": 2}");
        assertThat(r.samples()).singleElement().extracting(Sample::value).isEqualTo(2.0);
    }

    @Test
    void ignoresUnknownExtraFieldsOfASample() {
        ParseResult r = parse("{\"ts\": 1763712000000, \"signal\": \"map\", \"value\": 63, \"unit\": \"mmHg\","
                + " \"seq\": 17}");
        assertThat(r.samples()).hasSize(1);
    }
}
