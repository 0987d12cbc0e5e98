package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;

/**
 * While ingest refuses every device's messages (its write queue full), every bed falls silent for a reason of the
 * monitor's own: FEED_STALE is held back for all of them (the health endpoint and the board's banner say it once),
 * and a feed's stale limit (MAP: 30 s) runs again from the moment messages are taken again.
 */
class IngestRefusalTest {
    private static final long T0 = Instant.parse("2026-11-21T08:00:00Z").toEpochMilli();
    private static final int BEDS = 50;

    private final List<AlertEvent> events = new ArrayList<>();
    private final AlertEngine engine = new AlertEngine(new InMemoryAlertRepository(), Map.of(), T0);

    IngestRefusalTest() {
        engine.addListener(events::add);
    }

    private void maps(long fromSec, long toSec) {
        for (long s = fromSec; s < toSec; s++) {
            for (int b = 0; b < BEDS; b++) {
                engine.onSample(Sample.of("B" + b, "monitor", Signal.MAP, T0 + s * 1000, 75));
            }
            engine.flush();
        }
    }

    private List<AlertEvent> stale() {
        return events.stream().filter(e -> e.rule() == Rule.FEED_STALE).toList();
    }

    @Test
    void noBedIsStaleWhileIngestRefusesNorWhenItsFeedsResumeAfterwards() {
        maps(0, 20);
        engine.ingestRefusing(true);
        engine.advanceTo(T0 + 120_000);
        assertThat(stale()).as("two minutes refused, no bed reported silent").isEmpty();
        engine.ingestRefusing(false);
        engine.advanceTo(T0 + 140_000);
        maps(140, 150);
        engine.advanceTo(T0 + 160_000);
        assertThat(stale()).as("feeds back within their stale limit of the recovery").isEmpty();
    }

    @Test
    void aFeedThatStaysSilentAfterIngestRecoversIsStaleItsLimitAfterTheRecovery() {
        maps(0, 20);
        engine.ingestRefusing(true);
        engine.advanceTo(T0 + 120_000);
        engine.ingestRefusing(false);
        engine.advanceTo(T0 + 149_000);
        assertThat(stale()).isEmpty();
        engine.advanceTo(T0 + 152_000);
        assertThat(stale()).hasSize(BEDS).allSatisfy(e -> {
            assertThat(e.event()).isEqualTo(AlertEventType.RAISED);
            assertThat(e.atMillis()).isBetween(T0 + 150_000, T0 + 151_000);
        });
    }

    @Test
    void aBedFirstHeardWhileIngestRefusesIsHeldBackToo() {
        engine.ingestRefusing(true);
        maps(0, 5);
        engine.advanceTo(T0 + 100_000);
        assertThat(stale()).isEmpty();
    }

    @Test
    void withoutARefusalASilentFeedIsStaleAtItsLimit() {
        maps(0, 20);
        engine.advanceTo(T0 + 60_000);
        assertThat(stale()).hasSize(BEDS).allSatisfy(e -> assertThat(e.atMillis()).isBetween(T0 + 49_000, T0 + 51_000));
    }
}
