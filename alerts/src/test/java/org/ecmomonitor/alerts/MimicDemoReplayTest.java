package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replays the real MIMIC-IV demo data: hourly charting, lab lactate, urine (see {@link MimicDemo}). */
class MimicDemoReplayTest {
    @Test
    void theWholeDemoReplaysAndRaisesLabAlertsThatMatchTheData() throws Exception {
        List<String> lines = MimicDemo.replayLines();
        assertThat(lines).hasSizeGreaterThan(5_000);
        ReplayExamplesTest.Run r = ReplayExamplesTest.replay(String.join("\n", lines));
        assertThat(r.summary().linesRead()).isEqualTo(lines.size());
        assertThat(r.summary().rejected()).isLessThan(lines.size() / 100);
        // v2 hold definition: instants without a MAP median neither break nor confirm a hold, and only a gap over
        // twice the stale limit (60 s) restarts it. Subject 10005817's MAP was charted every minute, 62, 59, 57, 54,
        // 55, 55, 57 mmHg from 10:07 to 10:13 (2135-01-14 → 1935): six minutes below 65, which v1 (every 60 s gap
        // restarting the hold) never announced; v2 raises MAP_LOW at 10:12.
        assertThat(r.of("MAP_LOW", "raised")).anySatisfy(e -> {
            assertThat(e.get("bed").asText()).isEqualTo("S10005817");
            assertThat(e.get("at").asText()).isEqualTo("1935-01-14T10:12:00Z");
        });
        // ... and each silence after a charted MAP is a stale feed
        assertThat(r.of("FEED_STALE", "raised")).isNotEmpty();
        // lactate: the first result of subject 10015931 (2.8 mmol/L, 2177-03-24 22:00 → 1977) raises LACTATE_HIGH
        List<JsonNode> high = r.of("LACTATE_HIGH", "raised");
        assertThat(high).anySatisfy(e -> {
            assertThat(e.get("bed").asText()).isEqualTo("S10015931");
            assertThat(e.get("at").asText()).isEqualTo("1977-03-24T22:00:00Z");
            assertThat(e.get("value").asDouble()).isEqualTo(2.8);
        });
        // checked by hand against the lab rows (dates shifted back 200 years)
        assertThat(at(r, "LACTATE_NOT_CLEARING", "S10006053")).contains("1911-11-14T02:03:00Z");
        assertThat(at(r, "LACTATE_NOT_CLEARING", "S10029291")).contains("1923-02-20T07:14:00Z");
        assertThat(at(r, "LACTATE_RISING", "S10023771")).containsExactly("1913-08-25T09:10:00Z",
                "1913-08-25T11:34:00Z");
        assertThat(at(r, "LACTATE_RISING", "S10004422")).containsExactly("1911-01-17T13:54:00Z");
    }

    private static List<String> at(ReplayExamplesTest.Run r, String rule, String bed) {
        return r.of(rule, "raised").stream().filter(e -> e.get("bed").asText().equals(bed))
                .map(e -> e.get("at").asText()).toList();
    }
}
