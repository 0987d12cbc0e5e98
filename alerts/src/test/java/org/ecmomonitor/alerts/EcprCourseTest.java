package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecmomonitor.alerts.AlertEventType.CLEARED;
import static org.ecmomonitor.alerts.AlertEventType.RAISED;
import static org.ecmomonitor.alerts.AlertEventType.SUPPRESSED;
import static org.ecmomonitor.alerts.Scenario.min;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ECPR seed's course (replay file {@code ecpr-course.jsonl}): what a clinician expects to see. One combined
 * high-priority HYPOPERFUSION rather than a stream of lactate alerts; oliguria staged by KDIGO; CRRT ends the
 * urine alerts.
 */
class EcprCourseTest {
    @Test
    void theCombinedPictureIsOneHypoperfusionAlertAndTheKidneysAreStaged() {
        List<AlertEvent> events = SpecExamples.ecprCourse().play();
        Events.once(events, Rule.MAP_LOW, RAISED, min(5));
        // v2: the parent and its child become true at the same instant (the 15.2 lactate with MAP_LOW open): the
        // parent is raised and the child recorded suppressed (v1 raised both: one problem, two alarms)
        AlertEvent hypo = Events.exactly(events, Rule.HYPOPERFUSION, RAISED, min(60));
        assertThat(hypo.priority()).isEqualTo(Priority.HIGH);
        AlertEvent lactate = Events.exactly(events, Rule.LACTATE_HIGH, SUPPRESSED, min(60));
        assertThat(lactate.priority()).isEqualTo(Priority.HIGH);
        assertThat(Events.of(events, Rule.LACTATE_HIGH, RAISED)).isEmpty();
        // 16.8 two hours after 15.2: not clearing (not rising: +10.5 %), held back by HYPOPERFUSION
        Events.exactly(events, Rule.LACTATE_NOT_CLEARING, SUPPRESSED, min(180));
        assertThat(Events.of(events, Rule.LACTATE_NOT_CLEARING, RAISED)).isEmpty();
        assertThat(Events.of(events, Rule.HYPOPERFUSION, CLEARED)).isEmpty();

        Events.exactly(events, Rule.UO_LOW, RAISED, min(120));
        Events.exactly(events, Rule.UO_KDIGO_1, RAISED, min(360));
        Events.exactly(events, Rule.UO_KDIGO_2, RAISED, min(720));
        for (Rule uo : List.of(Rule.UO_LOW, Rule.UO_KDIGO_1, Rule.UO_KDIGO_2)) {
            Events.exactly(events, uo, CLEARED, min(750));
        }
        assertThat(Events.of(events, Rule.UO_KDIGO_3, RAISED)).isEmpty();
        assertThat(events).noneMatch(e -> e.rule() == Rule.FEED_STALE || e.rule().name().startsWith("ECMO_"));
    }
}
