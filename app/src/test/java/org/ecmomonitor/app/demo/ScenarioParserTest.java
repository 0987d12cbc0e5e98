package org.ecmomonitor.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScenarioParserTest {
    private static final String MINIMAL = """
            name: t
            duration: 1h
            raises: [MAP_LOW]
            signals:
              map: {knots: {0s: 70, 1h: 60}}
            """;

    private static Scenario parse(String yaml) {
        return ScenarioParser.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml");
    }

    @Test
    void readsAMinimalScenarioWithDefaults() {
        Scenario s = parse(MINIMAL);
        assertThat(s.durationMillis()).isEqualTo(3_600_000);
        assertThat(s.raises()).containsExactly(Rule.MAP_LOW);
        assertThat(s.suppressed()).isEmpty();
        Scenario.Track map = s.tracks().get(Signal.MAP);
        assertThat(map.everyMillis()).isEqualTo(1000);
        assertThat(map.valueAt(1_800_000)).isEqualTo(65.0);
        assertThat(map.valueAt(-5)).isEqualTo(70.0);
        assertThat(map.valueAt(99_000_000)).isEqualTo(60.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "name: t\nduration: 1h\nsignals: {mood: {knots: {0s: 1}}}",
        "name: t\nduration: 1h\nsignals: {map: {knots: {0s: high}}}",
        "name: t\nduration: 1h\nsignals: {map: {knots: {}}}",
        "name: t\nduration: 1h\nsignals: {map: {knots: {0s: 70}, noise: -1}}",
        "name: t\nduration: 1h\nsignals: {map: {knots: {0s: 70}, colour: red}}",
        "name: t\nduration: 1h\nsignals: {lactate: {knots: {0s: 2}}}",
        "name: t\nduration: an hour\nsignals: {map: {knots: {0s: 70}}}",
        "name: t\nduration: 1h\nraises: [MAP_TOO_LOW]\nsignals: {map: {knots: {0s: 70}}}",
        "name: t\nduration: 1h\nsignals: {map: {knots: {0s: 70}}}\ncontext: [{at: 0s, mood: calm}]",
        "name: t\nduration: 1h\nsignals: {map: {knots: {0s: 70}}}\nevents: [{at: 1m, lasts: 1s, type: earthquake}]",
        "name: t\nduration: 1h\nsignals: {map: {knots: {0s: 70}}}\nevents: [{at: 1m, lasts: 1s, type: probe_off,"
                + " signal: map}]",
        "name: t\nduration: 1h\nsignals: {map: {knots: {0s: 70}}}\ngarbage: {every: 0s}",
        "name: t\nduration: 1h\nsignals: {ecmo_flow: {knots: {0s: 4}, oscillation: {amplitude: 0.3, period: 6s,"
                + " from: 10m, until: 5m}}}",
        "name: t\nduration: 1h\nsignals: {ecmo_flow: {knots: {0s: 4}, oscillation: {amplitude: 0.3, period: 6s,"
                + " when: 10m}}}",
        "name: t\nduration: 1h\nsignals: {map: {knots: {0s: 70}}}\nextra: 1",
        "name: t\nname: u\nduration: 1h\nsignals: {map: {knots: {0s: 70}}}",
        "duration: 1h\nsignals: {map: {knots: {0s: 70}}}",
        "- just\n- a list",
        "name: [unclosed"})
    void refusesABadScenarioNamingTheProblem(String yaml) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("t.yaml: ");
    }

    @Test
    void anOscillationWithAWindowChattersOnlyWithinIt() {
        Scenario s = parse("""
                name: t
                duration: 1h
                signals:
                  ecmo_flow: {knots: {0s: 4.0}, oscillation: {amplitude: 0.3, period: 4s, from: 10m, until: 20m}}
                  ecmo_speed: {knots: {0s: 3000}, oscillation: {amplitude: 50, period: 4s}}
                """);
        Scenario.Track flow = s.tracks().get(Signal.ECMO_FLOW);
        long quarter = 1_000;
        assertThat(flow.valueAt(10 * 60_000 - 3 * quarter)).as("before the window").isEqualTo(4.0);
        assertThat(flow.valueAt(10 * 60_000 + quarter)).as("a quarter period in").isCloseTo(4.3,
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(flow.valueAt(20 * 60_000 + quarter)).as("after the window").isEqualTo(4.0);
        assertThat(s.tracks().get(Signal.ECMO_SPEED).valueAt(3 * quarter)).as("no window: all along")
                .isCloseTo(2950, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void everyBundledScenarioParses() {
        for (String name : Scenarios.BUNDLED) {
            assertThat(Scenarios.load(name).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> Scenarios.load("no-such-scenario")).hasMessageContaining("neither a bundled");
    }

    @Test
    void theSameSecondsComeOutHoweverTimeIsCutIntoWindows() {
        ScenarioPlayer p = new ScenarioPlayer(Scenarios.load("garbage-device"), 7);
        long start = 1_700_000_000_000L;
        List<String> whole = lines(p.between(0, 120_000, start));
        List<String> pieces = new ArrayList<>();
        for (long t = 0; t < 120_000; t += 137) {
            pieces.addAll(lines(p.between(t, Math.min(t + 137, 120_000), start)));
        }
        assertThat(pieces).isEqualTo(whole);
        assertThat(whole).anyMatch(l -> l.contains("\"signal\":\"map\"")).anyMatch(l -> l.contains("gallons/min"));
        assertThat(lines(new ScenarioPlayer(Scenarios.load("garbage-device"), 8).between(0, 120_000, start)))
                .as("another seed, other noise").isNotEqualTo(whole);
    }

    @Test
    void consoleNumericsComeEachSecondNirsEvery4sAndArtifactsAsScripted() {
        ScenarioPlayer p = new ScenarioPlayer(Scenarios.load("stable"), 1);
        List<Emission> minute = p.between(0, 60_000, 0);
        assertThat(minute.stream().filter(e -> e.device().equals("console"))).hasSize(60);
        assertThat(minute.stream().filter(e -> e.device().equals("monitor"))).hasSize(60);
        assertThat(minute.stream().filter(e -> e.device().equals("nirs"))).hasSize(15);
        assertThat(minute.stream().filter(Emission::isContext)).hasSize(1);
        String flush = new String(p.between(14 * 60_000 + 5_000, 14 * 60_000 + 5_001, 0).stream()
                .filter(e -> e.device().equals("monitor")).findFirst().orElseThrow().payload(), StandardCharsets.UTF_8);
        assertThat(flush).contains("\"signal\":\"map\",\"value\":300").contains("\"signal\":\"sbp\"");
        String probeOff = new String(p.between(3 * 3_600_000 + 4_000, 3 * 3_600_000 + 4_001, 0).stream()
                .filter(e -> e.device().equals("nirs")).findFirst().orElseThrow().payload(), StandardCharsets.UTF_8);
        assertThat(probeOff).contains("\"quality\":\"probe_off\"");
    }

    @Test
    void aNoisySaturationNearTheTopOfItsScaleReadsAtMost100() {
        Scenario s = parse("""
                name: t
                duration: 1h
                signals:
                  spo2_right_hand: {knots: {0s: 99}, noise: 1.5}
                """);
        List<Double> values = new ArrayList<>();
        for (Emission e : new ScenarioPlayer(s, 3).between(0, 600_000, 0)) {
            e.items().forEach(i -> values.add(i.get("value").asDouble()));
        }
        assertThat(values).hasSize(600).allMatch(v -> v <= 100).contains(100.0).anyMatch(v -> v < 99);
    }

    private static List<String> lines(List<Emission> emissions) {
        List<String> out = new ArrayList<>();
        emissions.forEach(e -> out.add(e.device() + " " + new String(e.payload(), StandardCharsets.UTF_8)));
        return out;
    }
}
