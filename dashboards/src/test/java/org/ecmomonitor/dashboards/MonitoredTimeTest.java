package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.ecmomonitor.alerts.AlarmBurden;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertState;
import org.ecmomonitor.alerts.Priority;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.Quality;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.Specimen;
import org.ecmomonitor.ingest.sqlite.SqliteSampleStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bed's monitored time, the denominator of its alerts per bed-day, read from a real embedded store with the clock
 * fixed half a minute into a minute. B1's day: MAP every 10 s from 00:00 to 12:00 on the 28th, a transport from 12:00
 * to 14:00 (only artifact MAP and a lactate result), then limb NIRS every 4 s from 14:00 until now (12:00:30 on the
 * 29th).
 */
class MonitoredTimeTest {
    private static final long HOUR = 3_600_000;
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:30Z");
    private static final long DAY28 = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();
    @TempDir
    Path dir;
    private SqliteSampleStore store;
    private MonitoredTime monitored;

    @BeforeEach
    void start() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        store = new SqliteSampleStore(dir.resolve("samples.db"), clock, Duration.ofDays(30));
        monitored = new MonitoredTime(store, clock);
        List<Sample> samples = new ArrayList<>();
        for (long t = DAY28; t < DAY28 + 12 * HOUR; t += 10_000) {
            samples.add(Sample.of("B1", "monitor", Signal.MAP, t, 72));
        }
        for (long t = DAY28 + 12 * HOUR; t < DAY28 + 14 * HOUR; t += 10_000) {
            samples.add(new Sample("B1", "monitor", Signal.MAP, t, 300, Quality.OK, true, LabStatus.FINAL,
                    Specimen.UNKNOWN, 300, "mmHg"));
        }
        samples.add(Sample.of("B1", "lab", Signal.LACTATE, DAY28 + 13 * HOUR, 1.4));
        for (long t = DAY28 + 14 * HOUR; t < NOW.toEpochMilli(); t += 4_000) {
            samples.add(Sample.of("B1", "nirs", Signal.NIRS_LEFT, t, 68));
        }
        samples.add(Sample.of("B2", "monitor", Signal.MAP, DAY28 + 13 * HOUR, 70));
        store.write(samples);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void theLastSevenDaysCountTheMinutesWithAValidContinuousSampleUpToNow() throws Exception {
        long now = NOW.toEpochMilli();
        // 12 h of MAP, not the transport, 22 h of NIRS, and the current minute's 30 s so far; over more than
        // 10,000 minutes, so read in two pieces
        long expected = 12 * HOUR + 22 * HOUR + 30_000;
        assertThat(monitored.millis("B1", now - Duration.ofDays(7).toMillis(), now)).isEqualTo(expected);
        assertThat(AlarmBurden.bedDays(expected)).isCloseTo(34.0 / 24 + 30.0 / 86_400, within(1e-12));
        // what has not happened yet is not monitored time
        assertThat(monitored.millis("B1", now - Duration.ofDays(7).toMillis(), now + 6 * HOUR)).isEqualTo(expected);
        assertThat(monitored.millis("B1", now, now + HOUR)).isZero();
    }

    @Test
    void aPeriodCountsOnlyItsOwnPartOfItsFirstAndLastMinute() throws Exception {
        assertThat(monitored.millis("B1", at("2026-11-28T06:00:20Z"), at("2026-11-28T13:00:00Z")))
                .isEqualTo(6 * HOUR - 20_000);
        assertThat(monitored.millis("B1", at("2026-11-28T11:00:00Z"), at("2026-11-28T15:30:45Z")))
                .isEqualTo(HOUR + HOUR + 30 * 60_000 + 45_000);
        assertThat(monitored.millis("B1", at("2026-11-28T12:00:00Z"), at("2026-11-28T14:00:00Z")))
                .as("only artifacts and a lab result during the transport").isZero();
    }

    @Test
    void anotherBedsSamplesDoNotCountAndABedWithoutSamplesWasNotMonitored() throws Exception {
        long now = NOW.toEpochMilli();
        assertThat(monitored.millis("B2", now - Duration.ofDays(7).toMillis(), now)).isEqualTo(60_000);
        assertThat(monitored.millis("B9", now - Duration.ofDays(7).toMillis(), now)).isZero();
    }

    @Test
    void notifiedAlertsPerBedDayOverTheMonitoredTime() throws Exception {
        long now = NOW.toEpochMilli();
        long from = at("2026-11-28T00:00:00Z");
        // 00:00 to 12:00 and 14:00 to 12:00:30 the next day: 34 h and 30 s
        long millis = monitored.millis("B1", from, now);
        List<Alert> raised = List.of(alert(Rule.MAP_LOW, from + HOUR), alert(Rule.MAP_LOW, from + 3 * HOUR),
                alert(Rule.FEED_STALE, from + 12 * HOUR), alert(Rule.LIMB_NIRS_LOW, from + 20 * HOUR));
        AlarmBurden.Rates r = AlarmBurden.perBedDay(raised, millis);
        double days = (34 * HOUR + 30_000) / 86_400_000.0;
        assertThat(r.bedDays()).isEqualTo(days);
        assertThat(r.notified()).isEqualTo(4);
        assertThat(r.perBedDay()).isEqualTo(4 / days);
        assertThat(r.byRule()).containsOnlyKeys("FEED_STALE", "LIMB_NIRS_LOW", "MAP_LOW");
        assertThat(r.byRule().get("MAP_LOW")).isEqualTo(2 / days);
        assertThat(r.perBedDay()).isLessThan(AlarmBurden.GOAL_NOTIFIED_PER_BED_DAY);
    }

    private static Alert alert(Rule rule, long raisedAt) {
        return new Alert(1, "B1", rule, "", Priority.MEDIUM, AlertState.CLEARED, raisedAt, null, null, null,
                raisedAt + 60_000, 0, "m", 1);
    }
}
