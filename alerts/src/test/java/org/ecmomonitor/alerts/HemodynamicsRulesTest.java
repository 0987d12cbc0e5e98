package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecmomonitor.alerts.AlertEventType.CLEARED;
import static org.ecmomonitor.alerts.AlertEventType.RAISED;
import static org.ecmomonitor.alerts.Scenario.min;
import static org.ecmomonitor.alerts.Scenario.sec;

import java.util.List;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;

/** alert-rules.md examples 1-3 and their boundaries. */
class HemodynamicsRulesTest {

    @Test
    void example1MapLowRaisedAfterFiveMinutesAndClearedAfterOne() {
        List<AlertEvent> events = SpecExamples.example1MapLow().play();
        AlertEvent raised = Events.once(events, Rule.MAP_LOW, RAISED, min(15).plus(sec(5)));
        assertThat(raised.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(raised.kind()).isEqualTo(AlertKind.PHYSIOLOGICAL);
        assertThat(raised.value()).isEqualTo(61.0);
        assertThat(raised.message()).isEqualTo("MAP 61 mmHg below target 65 for 5 min");
        Events.once(events, Rule.MAP_LOW, CLEARED, min(19).plus(sec(5)));
        Events.rulesSeen(events, Rule.MAP_LOW);
    }

    @Test
    void example2DipJustUnderFiveMinutesIsNothing() {
        Events.none(SpecExamples.example2Dip().play());
    }

    @Test
    void example2FlushSpikeIsNothing() {
        Events.none(SpecExamples.example2Flush().play());
    }

    @Test
    void example2ArterialLineOfArtifactsIsTechnicalNotHypotension() {
        List<AlertEvent> events = SpecExamples.example2ArtLine().play();
        AlertEvent raised = Events.once(events, Rule.ARTLINE_ARTIFACT, RAISED, min(5).plus(sec(30)));
        assertThat(raised.kind()).isEqualTo(AlertKind.TECHNICAL);
        assertThat(raised.priority()).isEqualTo(Priority.LOW);
        Events.once(events, Rule.ARTLINE_ARTIFACT, CLEARED, min(5).plus(sec(75)));
        Events.rulesSeen(events, Rule.ARTLINE_ARTIFACT);
    }

    @Test
    void example3MapCriticalAfterAMinuteWithTheMedianLag() {
        List<AlertEvent> events = SpecExamples.example3Critical().play();
        AlertEvent raised = Events.once(events, Rule.MAP_CRITICAL, RAISED, min(5).plus(sec(65)));
        assertThat(raised.priority()).isEqualTo(Priority.HIGH);
        assertThat(Events.of(events, Rule.MAP_LOW, RAISED)).isEmpty();
    }

    @Test
    void example3FiftyFiveSecondsIsNothing() {
        Events.none(SpecExamples.example3Short().play());
    }

    @Test
    void exactlyAtTheTargetIsNotLowAndTheTargetComesFromTheBed() {
        Events.none(new Scenario()
                .constant(Signal.MAP, min(0), min(10), 65)
                .play(min(10)));
        List<AlertEvent> events = new Scenario()
                .context(min(0), new PatientContext(null, null, null, null, 75.0, null, null, null))
                .constant(Signal.MAP, min(0), min(10), 70)
                .play(min(10));
        Events.once(events, Rule.MAP_LOW, RAISED, min(5));
    }

    @Test
    void aTargetChangedMidEpisodeAppliesFromThen() {
        List<AlertEvent> events = new Scenario()
                .constant(Signal.MAP, min(0), min(12), 68)
                .context(min(2), new PatientContext(null, null, null, null, 70.0, null, null, null))
                .context(min(5), new PatientContext(null, null, null, null, 65.0, null, null, null))
                .play(min(12));
        Events.none(events);
    }

    @Test
    void aSilenceLongerThanTwiceTheStaleLimitRestartsTheHold() {
        // v2: a disconnected line (no valid MAP for over 2 x 30 s) restarts the hold
        List<AlertEvent> events = new Scenario()
                .constant(Signal.MAP, min(0), min(3), 60)
                .constant(Signal.MAP, min(4).plus(sec(1)), min(7), 60)
                .play(min(7));
        assertThat(Events.of(events, Rule.MAP_LOW, RAISED)).isEmpty();
        Events.once(events, Rule.FEED_STALE, RAISED, min(3).plus(sec(30)));
        Events.once(events, Rule.FEED_STALE, CLEARED, min(4).plus(sec(1)));
    }

    @Test
    void aSilenceOverTheStaleLimitButUnderTwiceItKeepsTheHold() {
        // v2: 45 s without MAP is reported stale, but it is not a disconnected line: the hypotension timer runs on
        List<AlertEvent> events = new Scenario()
                .constant(Signal.MAP, min(0), min(3), 60)
                .constant(Signal.MAP, min(3).plus(sec(45)), min(7), 60)
                .play(min(7));
        Events.once(events, Rule.MAP_LOW, RAISED, min(5));
        Events.once(events, Rule.FEED_STALE, RAISED, min(3).plus(sec(30)));
        Events.once(events, Rule.FEED_STALE, CLEARED, min(3).plus(sec(45)));
    }

    @Test
    void aSilenceOfExactlyTheStaleLimitKeepsTheHoldAndIsNotStale() {
        List<AlertEvent> events = new Scenario()
                .constant(Signal.MAP, min(0), min(3), 60)
                .constant(Signal.MAP, min(3).plus(sec(29)), min(7), 60)
                .play(min(7));
        Events.once(events, Rule.MAP_LOW, RAISED, min(5));
        assertThat(Events.of(events, Rule.FEED_STALE, RAISED)).isEmpty();
    }
}
