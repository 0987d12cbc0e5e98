package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecmomonitor.alerts.replay.AlertEventJson;
import org.ecmomonitor.alerts.replay.Replay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The spec's examples through replay input (src/test/resources/replay/*.jsonl), as contract §2 specifies it. */
class ReplayExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(List<JsonNode> events, String stdout, String stderr, Replay.Summary summary) {
        List<JsonNode> of(String rule, String event) {
            return events.stream().filter(e -> e.get("rule").asText().equals(rule)
                    && e.get("event").asText().equals(event)).toList();
        }
    }

    static Run replay(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Replay.Summary s;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            s = new Replay(Map.of()).run(new StringReader(text), o, e);
        }
        List<JsonNode> events = new ArrayList<>();
        String stdout = out.toString(StandardCharsets.UTF_8);
        for (String line : stdout.split("\n")) {
            if (!line.isBlank()) {
                events.add(JSON.readTree(line));
            }
        }
        return new Run(events, stdout, err.toString(StandardCharsets.UTF_8), s);
    }

    static String resource(String name) throws Exception {
        try (var in = ReplayExamplesTest.class.getResourceAsStream("/replay/" + name + ".jsonl")) {
            assertThat(in).as("test resource replay/%s.jsonl", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<String> names() {
        return List.copyOf(SpecExamples.all().keySet());
    }

    @ParameterizedTest
    @MethodSource("names")
    void theReplayFileIsTheExampleAndReplaysToTheEnginesEvents(String name) throws Exception {
        SpecExamples.Example ex = SpecExamples.all().get(name).get();
        assertThat(resource(name)).as("regenerate with SpecExamples.main").isEqualTo(ex.scenario().toJsonl());
        // replay's clock stops at the last line: compare with the engine up to the same time
        List<String> engine = ex.scenario().play(java.time.Duration.ZERO).stream().map(AlertEventJson::toJson).toList();
        Run run = replay(resource(name));
        assertThat(run.stdout().lines().toList()).isEqualTo(engine);
    }

    @Test
    void example1() throws Exception {
        Run r = replay(resource("example1-map-low"));
        assertThat(r.events()).hasSize(2);
        JsonNode raised = r.of("MAP_LOW", "raised").get(0);
        assertThat(raised.get("at").asText()).isEqualTo("2026-11-21T08:15:05Z");
        assertThat(raised.get("priority").asText()).isEqualTo("medium");
        assertThat(raised.get("kind").asText()).isEqualTo("physiological");
        assertThat(raised.get("value").asDouble()).isEqualTo(61.0);
        assertThat(raised.get("message").asText()).isEqualTo("MAP 61 mmHg below target 65 for 5 min");
        assertThat(r.of("MAP_LOW", "cleared").get(0).get("at").asText()).isEqualTo("2026-11-21T08:19:05Z");
        assertThat(r.summary().linesRead()).isEqualTo(1500);
        assertThat(r.stderr()).contains("replay: 1500 lines read, 0 rejected, 2 alert events")
                .contains("MAP_LOW: 1 cleared 1 raised");
    }

    @Test
    void example2And3NearMissesAreSilent() throws Exception {
        for (String name : List.of("example2-dip", "example2-flush", "example3-short", "example8-both-legs",
                "example9-speed-cut", "example4-small-steps", "example6-clearing")) {
            Run r = replay(resource(name));
            assertThat(r.events().stream().map(e -> e.get("rule").asText()))
                    .as(name).doesNotContain("MAP_LOW", "MAP_CRITICAL", "LACTATE_RISING", "LACTATE_NOT_CLEARING",
                            "LIMB_NIRS_DROP", "LIMB_ISCHEMIA", "ECMO_FLOW_DROP");
        }
    }

    @Test
    void example5ConvertsMgPerDlBeforeJudging() throws Exception {
        assertThat(replay(resource("example5-mg-dl-medium")).of("LACTATE_HIGH", "raised").get(0).get("priority")
                .asText()).isEqualTo("medium");
        JsonNode low = replay(resource("example5-mg-dl-low")).of("LACTATE_HIGH", "raised").get(0);
        assertThat(low.get("priority").asText()).isEqualTo("low");
        assertThat(low.get("value").asDouble()).isEqualTo(3.9);
    }

    @Test
    void example6And7() throws Exception {
        Run ecpr = replay(resource("example6-not-clearing"));
        assertThat(ecpr.of("LACTATE_HIGH", "raised").get(0).get("priority").asText()).isEqualTo("high");
        assertThat(ecpr.of("LACTATE_NOT_CLEARING", "raised").get(0).get("at").asText())
                .isEqualTo("2026-11-21T13:00:00Z");
        Run limb = replay(resource("example7-dpc-removed"));
        assertThat(limb.of("DPC_FLOW_LOSS", "raised")).hasSize(1);
        assertThat(limb.of("DPC_FLOW_LOW", "suppressed")).hasSize(1);
        assertThat(limb.of("DPC_FLOW_LOW", "raised")).isEmpty();
        assertThat(limb.of("LIMB_ISCHEMIA", "raised")).hasSize(1);
    }

    @Test
    void example11InGramsPerLitreReplaysToTheSameDrop() throws Exception {
        JsonNode drop = replay(resource("example11-grams-per-litre")).of("HB_DROP", "raised").get(0);
        assertThat(drop.get("message").asText()).isEqualTo("hemoglobin 8.1 g/dL, down 3.1 from 11.2 within 48 h");
        assertThat(replay(resource("example11-not-enough")).events()).isEmpty();
    }

    @Test
    void example16TransfusedUnitsAreAddedToTheDropAndADuplicatedLineCountsOnce() throws Exception {
        Run r = replay(resource("example16-transfused-drop"));
        JsonNode drop = r.of("HB_DROP", "raised").get(0);
        assertThat(drop.get("at").asText()).isEqualTo("2026-11-21T14:00:00Z");
        assertThat(drop.get("observedAt").asText()).isEqualTo("2026-11-21T14:00:00Z");
        assertThat(drop.get("value").asDouble()).isEqualTo(3.6);
        assertThat(drop.get("message").asText())
                .isEqualTo("hemoglobin 8.4 g/dL, down 1.6 g/dL with 2 units transfused: 3.6 g/dL adjusted");
        assertThat(replay(resource("example16-without-units")).events()).isEmpty();
        Run twice = replay(resource("example16-units-twice"));
        assertThat(twice.of("HB_DROP", "raised").get(0).get("value").asDouble()).isEqualTo(3.6);
        assertThat(twice.of("HB_DROP_SEVERE", "raised")).isEmpty();
        assertThat(twice.of("TRANSFUSION_BURDEN", "raised").get(0).get("value").asDouble()).isEqualTo(2.0);
    }

    @Test
    void example17TheSevereDropIsRaisedAndTheDropSuppressedAtTheSameInstant() throws Exception {
        Run r = replay(resource("example17-severe-drop"));
        assertThat(r.events()).extracting(e -> e.get("rule").asText() + " " + e.get("event").asText() + " "
                + e.get("at").asText()).containsExactly("HB_DROP_SEVERE raised 2026-11-21T12:00:00Z",
                "HB_DROP suppressed 2026-11-21T12:00:00Z");
        assertThat(replay(resource("example17-not-severe")).events()).extracting(e -> e.get("rule").asText()
                + " " + e.get("event").asText()).containsExactly("HB_DROP raised");
    }

    @Test
    void example23HemolysisAndLowPlateletsFromReplayFiles() throws Exception {
        for (String name : List.of("example23-hemolysis", "example23-hemolysis-grams-per-litre")) {
            JsonNode raised = replay(resource(name)).of("HEMOLYSIS", "raised").get(0);
            assertThat(raised.get("priority").asText()).as(name).isEqualTo("medium");
            assertThat(raised.get("value").asDouble()).as(name).isEqualTo(62.0);
            assertThat(raised.get("observedAt").asText()).as(name).isEqualTo("2026-11-21T08:00:00Z");
        }
        assertThat(replay(resource("example23-no-hemolysis")).events()).isEmpty();
        assertThat(replay(resource("example23-platelets-low")).of("PLATELETS_LOW", "raised").get(0).get("priority")
                .asText()).isEqualTo("medium");
        assertThat(replay(resource("example23-platelets-very-low")).of("PLATELETS_LOW", "raised").get(0)
                .get("priority").asText()).isEqualTo("high");
    }

    @Test
    void aBedsAntiXaTargetTravelsInTheReplayContext() throws Exception {
        Run r = replay(resource("anti-xa-bed-target"));
        assertThat(r.events()).extracting(e -> e.get("rule").asText() + " " + e.get("event").asText() + " "
                + e.get("message").asText())
                .containsExactly("ANTI_XA_OUT_OF_RANGE raised anti-Xa 0.55 IU/mL, above the target 0.2–0.5");
    }

    @Test
    void theV2LabAndUrineCasesReplay() throws Exception {
        assertThat(replay(resource("anuria-without-weight")).of("UO_KDIGO_3", "raised")).singleElement()
                .satisfies(e -> assertThat(e.get("message").asText()).isEqualTo("anuria for 12 h (KDIGO 3)"));
        assertThat(replay(resource("child-22kg-low-urine")).of("UO_LOW", "raised")).singleElement()
                .satisfies(e -> assertThat(e.get("at").asText()).isEqualTo("2026-11-21T11:00:00Z"));
        Run ecpr = replay(resource("ecpr-lactate-31"));
        assertThat(ecpr.of("LACTATE_RISING", "raised")).hasSize(1);
        assertThat(ecpr.of("LAB_IMPLAUSIBLE", "raised")).isEmpty();
        Run wrong = replay(resource("lactate-61-implausible"));
        assertThat(wrong.of("LAB_IMPLAUSIBLE", "raised").get(0).get("signal").asText()).isEqualTo("lactate");
        assertThat(wrong.of("LAB_IMPLAUSIBLE", "cleared")).hasSize(1);
        assertThat(replay(resource("ecpr-index-older-than-24h")).of("LACTATE_NOT_CLEARING", "raised")).isEmpty();
    }

    @Test
    void badLinesAreReportedWithTheirNumbersAndTheRestIsPlayed() throws Exception {
        Run r = replay(resource("bad-lines"));
        assertThat(r.stderr()).contains("line 2: malformed JSON")
                .contains("line 3: 'bed' must be an id")
                .contains("line 4: unknown_unit: unit 'psi' is not accepted for map")
                .contains("line 5: not a JSON object")
                .contains("line 7: a context line needs 'ts'")
                .contains("line 8: bad_field_value: 'arterial_cannula_side' must be left or right")
                .contains("replay: 9 lines read, 5 rejected");
        assertThat(r.stderr()).doesNotContain("line 1:").doesNotContain("line 6:").doesNotContain("line 9:");
    }

    @Test
    void anEmptyInputIsAnEmptyRun() throws Exception {
        Run r = replay("");
        assertThat(r.events()).isEmpty();
        assertThat(r.stderr()).contains("replay: 0 lines read, 0 rejected, 0 alert events");
    }

    @Test
    void bedsInterleavedInAnyOrderGiveTheSameAlertsAsEachBedAlone() throws Exception {
        String b1 = resource("example1-map-low");
        String b2 = resource("example3-critical").replace("\"B1\"", "\"B2\"");
        Run together = replay(b2 + b1);
        assertThat(together.of("MAP_LOW", "raised")).singleElement()
                .satisfies(e -> assertThat(e.get("bed").asText()).isEqualTo("B1"));
        assertThat(together.of("MAP_CRITICAL", "raised")).singleElement()
                .satisfies(e -> assertThat(e.get("bed").asText()).isEqualTo("B2"));
        assertThat(together.of("MAP_CRITICAL", "raised").get(0).get("at").asText())
                .isEqualTo(replay(resource("example3-critical")).of("MAP_CRITICAL", "raised").get(0).get("at")
                        .asText());
    }
}
