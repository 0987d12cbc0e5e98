package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

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
}
