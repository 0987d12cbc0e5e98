package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmBurdenTest {
    private static Alert alert(String bed, Rule rule, long raised, Long acked, Long cleared) {
        return new Alert(1, bed, rule, "", Priority.MEDIUM, cleared != null ? AlertState.CLEARED
                : acked != null ? AlertState.ACKNOWLEDGED : AlertState.ACTIVE, raised, acked, acked == null ? null
                : "nurse", null, cleared, 0, "m", 1);
    }

    @Test
    void countsMedianTimeToAcknowledgeAndSelfClearingNuisanceAlarms() {
        AlarmBurden.Report r = AlarmBurden.of(List.of(
                alert("B1", Rule.MAP_LOW, 0, 30_000L, 600_000L),
                alert("B1", Rule.MAP_LOW, 1_000_000, 90_000L + 1_000_000, null),
                alert("B1", Rule.MAP_LOW, 2_000_000, null, 2_000_000 + 120_000L),
                alert("B2", Rule.MAP_LOW, 3_000_000, null, 3_000_000 + 121_000L),
                alert("B2", Rule.MAP_LOW, 90_000_000, null, null)));
        AlarmBurden.Figures f = r.byRule().get("MAP_LOW");
        assertThat(f.raised()).isEqualTo(5);
        assertThat(f.acknowledged()).isEqualTo(2);
        assertThat(f.medianSecondsToAcknowledge()).isEqualTo(60.0);
        assertThat(f.shareClearedByItselfWithin2Min()).isEqualTo(0.2);
        assertThat(r.byBedDay()).containsOnlyKeys("B1 1970-01-01", "B2 1970-01-01", "B2 1970-01-02");
        assertThat(r.byBedDay().get("B2 1970-01-02").medianSecondsToAcknowledge()).isNull();
    }

    @Test
    void notifiedAlertsPerBedDayOfMonitoredTimeInAllAndPerRule() {
        long hour = 3_600_000;
        List<Alert> raised = List.of(alert("B1", Rule.MAP_LOW, 0, null, 60_000L),
                alert("B1", Rule.MAP_LOW, hour, 30_000L + hour, null),
                alert("B1", Rule.MAP_LOW, 2 * hour, null, null),
                alert("B1", Rule.FEED_STALE, 3 * hour, null, 3 * hour + 20_000));
        AlarmBurden.Rates r = AlarmBurden.perBedDay(raised, 36 * hour);
        assertThat(r.bedDays()).isEqualTo(1.5);
        assertThat(r.notified()).isEqualTo(4);
        assertThat(r.perBedDay()).isEqualTo(4 / 1.5);
        assertThat(r.byRule()).containsExactly(entry("FEED_STALE", 1 / 1.5), entry("MAP_LOW", 2.0));
        assertThat(AlarmBurden.perBedDay(List.of(), 6 * hour).perBedDay()).isZero();
        AlarmBurden.Rates unmonitored = AlarmBurden.perBedDay(raised.subList(0, 1), 0);
        assertThat(unmonitored.bedDays()).isZero();
        assertThat(unmonitored.perBedDay()).as("no bed-day to divide by").isNull();
        assertThat(unmonitored.byRule()).containsEntry("MAP_LOW", null);
    }
}
