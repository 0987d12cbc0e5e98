package org.ecmomonitor.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.alerts.replay.Replay;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each bundled scenario, converted to replay lines and replayed through the rule pack, raises the alerts its file
 * documents and no others, and records as suppressed exactly the ones it documents.
 */
class ScenarioReplayTest {
    static final Instant START = Instant.parse("2026-11-21T06:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The replay's alert events for a scenario played for its duration plus an hour of its steady end. */
    static List<JsonNode> replay(Scenario s, long seed) throws Exception {
        List<String> lines = new ScenarioPlayer(s, seed).replayLines("B1", START.toEpochMilli(),
                s.durationMillis() + 3_600_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        new Replay(Map.of()).run(new StringReader(String.join("\n", lines)), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        List<JsonNode> events = new ArrayList<>();
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                events.add(JSON.readTree(l));
            }
        }
        return events;
    }

    static Set<Rule> rules(List<JsonNode> events, String event) {
        Set<Rule> out = EnumSet.noneOf(Rule.class);
        events.stream().filter(e -> e.get("event").asText().equals(event))
                .forEach(e -> out.add(Rule.valueOf(e.get("rule").asText())));
        return out;
    }

    static Stream<String> scenarios() {
        return Scenarios.BUNDLED.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void raisesWhatItsFileDocumentsAndNothingElse(String name) throws Exception {
        Scenario s = Scenarios.load(name);
        for (long seed : new long[] {1, 2}) {
            List<JsonNode> events = replay(s, seed);
            assertThat(rules(events, "raised")).as("%s (seed %d) raised; events %s", name, seed, events)
                    .isEqualTo(s.raises());
            s.suppressed().ifPresent(expected -> assertThat(rules(events, "suppressed"))
                    .as("%s (seed %d) suppressed", name, seed).isEqualTo(expected));
        }
    }
}
