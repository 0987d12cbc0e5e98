package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ecmomonitor.alerts.replay.AlertEventJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Examples 19-21 and the live-world cases as replay files with {@code receivedAt} (contract §2 v2): each file is
 * its definition in {@link TimeModelExamples}, and replays to exactly the events the engine raised when the same
 * messages arrived live, in receipt order.
 */
class TimeModelReplayTest {
    static List<String> names() {
        return List.copyOf(TimeModelExamples.all().keySet());
    }

    @ParameterizedTest
    @MethodSource("names")
    void theFileIsTheExampleAndReplaysToTheEventsOfTheLiveEngine(String name) throws Exception {
        Receipts example = TimeModelExamples.all().get(name).get();
        String file = ReplayExamplesTest.resource(name);
        assertThat(file).as("regenerate with TimeModelExamples.main").isEqualTo(example.toJsonl());
        // replay's clock stops at the last line: compare with the engine up to the same receipt
        List<String> live = example.play(Duration.ZERO).stream().map(AlertEventJson::toJson).toList();
        assertThat(live).as("the example raises something").isNotEmpty();
        assertThat(ReplayExamplesTest.replay(file).stdout().lines().toList()).isEqualTo(live);
    }

    @Test
    void example19SkewedClocksReplayToAPumpStopAndNoSilence() throws Exception {
        ReplayExamplesTest.Run run = ReplayExamplesTest.replay(ReplayExamplesTest.resource("example19-skewed-clocks"));
        assertThat(run.of("ECMO_PUMP_STOP", "raised")).hasSize(1);
        assertThat(run.of("FEED_STALE", "raised")).isEmpty();
    }

    @Test
    void example21LateLactateCarriesItsDrawTime() throws Exception {
        ReplayExamplesTest.Run run = ReplayExamplesTest.replay(ReplayExamplesTest.resource("example21-late-lactate"));
        JsonNode raised = run.of("LACTATE_HIGH", "raised").get(0);
        assertThat(raised.get("at").asText()).isEqualTo(Scenario.T0.plus(Duration.ofMinutes(5)).toString());
        assertThat(Instant.parse(raised.get("observedAt").asText()))
                .isEqualTo(Scenario.T0.minus(Duration.ofMinutes(40)));
        assertThat(raised.get("priority").asText()).isEqualTo("high");
    }

    @Test
    void lateLabsReplayToTheirAlertsByObservationTime() throws Exception {
        ReplayExamplesTest.Run tx = ReplayExamplesTest.replay(ReplayExamplesTest.resource("late-transfusion-hb-drop"));
        JsonNode drop = tx.of("HB_DROP", "raised").get(0);
        assertThat(drop.get("at").asText()).isEqualTo(Scenario.T0.plus(Duration.ofMinutes(420)).toString());
        assertThat(drop.get("observedAt").asText()).isEqualTo(Scenario.T0.plus(Duration.ofMinutes(360)).toString());
        ReplayExamplesTest.Run labs = ReplayExamplesTest.replay(ReplayExamplesTest.resource("late-labs-out-of-order"));
        assertThat(labs.events()).extracting(e -> e.get("rule").asText() + " " + e.get("event").asText())
                .containsExactly("LAB_IMPLAUSIBLE raised", "LACTATE_HIGH raised");
    }
}
