package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignalSourcesTest {
    private static final long T0 = 1_795_000_000_000L;
    /** ecmo_speed's stale limit (signals.md): 10 s. */
    private static final long SPEED_STALE = Signal.ECMO_SPEED.staleAfter().orElseThrow().toMillis();

    private final Map<String, Feed> feeds = new HashMap<>();
    private final SignalSources sources = new SignalSources((bed, signal) -> SignalSources.Configured
            .of(feeds.values()).devices(bed, signal));

    private static Sample speed(String bed, String device, double rpm) {
        return Sample.of(bed, device, Signal.ECMO_SPEED, T0, rpm);
    }

    private void configure(String device, String bed, Signal... signals) {
        feeds.put(device, new Feed(device, bed, null, Map.of(), Set.of(signals)));
    }

    private SignalSources.Split heard(Sample s, long at) {
        return sources.split(List.of(s), at);
    }

    @Test
    void theFirstDeviceHeardIsTheSourceWhenNoneIsConfigured() {
        assertThat(heard(speed("B6", "console-b6", 0), T0).judged()).hasSize(1);

        SignalSources.Split shadow = heard(speed("B6", "pump-shadow", 3000), T0 + 300);

        assertThat(shadow.judged()).isEmpty();
        assertThat(shadow.notJudged()).extracting(Sample::device).containsExactly("pump-shadow");
        assertThat(shadow.notices()).containsExactly(
                new SourceNotice("B6", Signal.ECMO_SPEED, "console-b6", "pump-shadow", false));
        assertThat(heard(speed("B6", "console-b6", 0), T0 + 1000).judged()).hasSize(1);
    }

    @Test
    void theConfiguredFeedIsTheSourceEvenWhenAnotherDeviceWasHeardFirst() {
        configure("console-b6", "B6", Signal.ECMO_SPEED, Signal.ECMO_FLOW);

        SignalSources.Split shadowFirst = heard(speed("B6", "pump-shadow", 3000), T0);
        SignalSources.Split console = heard(speed("B6", "console-b6", 0), T0 + 100);

        assertThat(shadowFirst.judged()).as("a configured feed not yet heard still owns the signal").isEmpty();
        assertThat(shadowFirst.notices()).containsExactly(
                new SourceNotice("B6", Signal.ECMO_SPEED, "console-b6", "pump-shadow", false));
        assertThat(console.judged()).hasSize(1);
        assertThat(console.notices()).isEmpty();
    }

    @Test
    void aConfiguredFeedOnlyOwnsTheSignalsItListsOnItsOwnBed() {
        configure("console-b6", "B6", Signal.ECMO_FLOW);
        configure("console-b7", "B7", Signal.ECMO_SPEED);

        assertThat(heard(speed("B6", "pump-shadow", 3000), T0).judged())
                .as("console-b6 does not list ecmo_speed, console-b7 is on another bed").hasSize(1);
    }

    @Test
    void aSourceThatIsMerelyLateKeepsTheSignal() {
        heard(speed("B6", "console-b6", 0), T0);

        SignalSources.Split atTheLimit = heard(speed("B6", "pump-shadow", 3000), T0 + SPEED_STALE);

        assertThat(atTheLimit.judged()).as("silent for exactly its stale limit is not yet stale").isEmpty();
        assertThat(heard(speed("B6", "console-b6", 0), T0 + SPEED_STALE + 500).judged()).hasSize(1);
    }

    @Test
    void handsOverToTheOtherDeviceOnlyOnceTheSourceWasSilentPastItsStaleLimit() {
        heard(speed("B6", "console-b6", 0), T0);
        heard(speed("B6", "console-b6-new", 3000), T0 + 5_000);

        SignalSources.Split handOver = heard(speed("B6", "console-b6-new", 3000), T0 + SPEED_STALE + 1);

        assertThat(handOver.judged()).extracting(Sample::device).containsExactly("console-b6-new");
        assertThat(handOver.notices()).containsExactly(
                new SourceNotice("B6", Signal.ECMO_SPEED, "console-b6-new", "console-b6", true));
        SignalSources.Split oldComesBack = heard(speed("B6", "console-b6", 0), T0 + SPEED_STALE + 200);
        assertThat(oldComesBack.judged()).as("the returning device does not take the signal back").isEmpty();
        assertThat(oldComesBack.notices()).containsExactly(
                new SourceNotice("B6", Signal.ECMO_SPEED, "console-b6-new", "console-b6", false));
    }

    @Test
    void noHandOverForASilenceIngestCouldNotHearAndTheLimitRunsAfreshAfterIt() {
        heard(speed("B6", "console-b6", 0), T0);
        sources.hold(true, T0 + 1000);

        assertThat(heard(speed("B6", "console-b6-new", 3000), T0 + 30_000).judged())
                .as("ingest refusing messages: the console may be sending").isEmpty();
        sources.hold(false, T0 + 40_000);
        assertThat(heard(speed("B6", "console-b6-new", 3000), T0 + 40_000 + SPEED_STALE).judged())
                .as("within the limit after ingest took messages again").isEmpty();
        assertThat(heard(speed("B6", "console-b6-new", 3000), T0 + 40_001 + SPEED_STALE).judged()).hasSize(1);
    }

    @Test
    void aConfiguredSourceIsNeverReplacedByADeviceNotConfiguredForTheSignal() {
        configure("console-b6", "B6", Signal.ECMO_SPEED);
        heard(speed("B6", "console-b6", 0), T0);

        SignalSources.Split hourLater = heard(speed("B6", "pump-shadow", 3000), T0 + 3_600_000);

        assertThat(hourLater.judged()).isEmpty();
        assertThat(hourLater.notices()).extracting(SourceNotice::judgedDevice).containsExactly("console-b6");
    }

    @Test
    void aSourceThatIsNoLongerConfiguredLosesTheSignalAtOnce() {
        heard(speed("B6", "pump-shadow", 3000), T0);
        configure("console-b6", "B6", Signal.ECMO_SPEED);

        SignalSources.Split shadow = heard(speed("B6", "pump-shadow", 3000), T0 + 300);
        SignalSources.Split console = heard(speed("B6", "console-b6", 0), T0 + 400);

        assertThat(shadow.judged()).isEmpty();
        assertThat(console.judged()).hasSize(1);
    }

    @Test
    void labsAndChartedResultsFromTwoDevicesAreAllJudged() {
        heard(Sample.of("B6", "lab", Signal.LACTATE, T0, 2.1), T0);
        heard(Sample.of("B6", "chart", Signal.URINE_OUTPUT, T0, 40), T0);

        SignalSources.Split bloodGas = sources.split(List.of(Sample.of("B6", "bga", Signal.LACTATE, T0, 2.3),
                Sample.of("B6", "urimeter", Signal.URINE_OUTPUT, T0, 38)), T0 + 1000);

        assertThat(bloodGas.judged()).hasSize(2);
        assertThat(bloodGas.notices()).isEmpty();
        assertThat(sources.size()).as("nothing remembered for discrete results").isZero();
    }

    @Test
    void aMessageMixingSignalsIsSplitPerSignalWithOneNoticePerSignal() {
        heard(speed("B6", "console-b6", 0), T0);

        SignalSources.Split shadow = sources.split(List.of(Sample.of("B6", "pump-shadow", Signal.ECMO_FLOW, T0, 4.0),
                speed("B6", "pump-shadow", 3000), speed("B6", "pump-shadow", 3001)), T0 + 100);

        assertThat(shadow.judged()).extracting(Sample::signal).containsExactly(Signal.ECMO_FLOW);
        assertThat(shadow.notJudged()).extracting(Sample::value).containsExactly(3000.0, 3001.0);
        assertThat(shadow.notices()).hasSize(1);
    }

    @Test
    void remembersOneSourcePerBedAndSignalHoweverManyDevicesSend() {
        for (int d = 0; d < 1_000; d++) {
            for (Signal s : Signal.values()) {
                sources.split(List.of(Sample.of("B1", "dev" + d, s, T0, 1)), T0 + d);
                sources.split(List.of(Sample.of("B2", "dev" + d, s, T0, 1)), T0 + d);
            }
        }
        long continuous = java.util.Arrays.stream(Signal.values()).filter(s -> s.staleAfter().isPresent()).count();
        assertThat(sources.size()).isEqualTo(2 * continuous);
    }

    @Test
    void configuredFeedsOfAFileIndexBedAndSignal() {
        SignalSources.Configured c = SignalSources.Configured.of(List.of(
                new Feed("console-b6", "B6", null, Map.of(), Set.of(Signal.ECMO_SPEED)),
                new Feed("spare", "B6", null, Map.of(), Set.of(Signal.ECMO_SPEED)),
                new Feed("roaming", null, null, Map.of(), Set.of(Signal.ECMO_SPEED))));

        assertThat(c.devices("B6", Signal.ECMO_SPEED)).containsExactly("console-b6", "spare");
        assertThat(c.devices("B6", Signal.MAP)).isEmpty();
        assertThat(c.devices("B7", Signal.ECMO_SPEED)).isEmpty();
    }
}
