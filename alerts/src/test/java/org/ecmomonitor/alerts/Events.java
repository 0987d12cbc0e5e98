package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

/** Assertions on alert events for rule tests. */
final class Events {
    static final Duration TOLERANCE = Duration.ofSeconds(15);

    private Events() {
    }

    static List<AlertEvent> of(List<AlertEvent> events, Rule rule, AlertEventType type) {
        return events.stream().filter(e -> e.rule() == rule && e.event() == type).toList();
    }

    /** Exactly one such event, within ±15 s of {@code expected} after T0; returns it. */
    static AlertEvent once(List<AlertEvent> events, Rule rule, AlertEventType type, Duration expected) {
        List<AlertEvent> found = of(events, rule, type);
        assertThat(found).as("%s %s in %s", rule, type, events).hasSize(1);
        AlertEvent e = found.get(0);
        long delta = Math.abs(e.atMillis() - Scenario.at(expected));
        assertThat(delta).as("%s %s at %s, expected %s after T0 ± 15 s", rule, type, e.at(), expected)
                .isLessThanOrEqualTo(TOLERANCE.toMillis());
        return e;
    }

    /** Exactly one such event at exactly {@code expected} after T0 (lab results). */
    static AlertEvent exactly(List<AlertEvent> events, Rule rule, AlertEventType type, Duration expected) {
        List<AlertEvent> found = of(events, rule, type);
        assertThat(found).as("%s %s in %s", rule, type, events).hasSize(1);
        assertThat(found.get(0).atMillis()).isEqualTo(Scenario.at(expected));
        return found.get(0);
    }

    /** The first event of that rule and type at that priority (a band change among level escalations). */
    static AlertEvent firstAt(List<AlertEvent> events, Rule rule, AlertEventType type, Priority priority,
                              Duration expected) {
        AlertEvent e = of(events, rule, type).stream().filter(x -> x.priority() == priority).findFirst()
                .orElseThrow(() -> new AssertionError(rule + " " + type + " at " + priority + " in " + events));
        assertThat(Math.abs(e.atMillis() - Scenario.at(expected))).as("%s %s at %s", rule, type, e.at())
                .isLessThanOrEqualTo(TOLERANCE.toMillis());
        return e;
    }

    static void none(List<AlertEvent> events) {
        assertThat(events).as("no alert event").isEmpty();
    }

    static void rulesSeen(List<AlertEvent> events, Rule... rules) {
        assertThat(events.stream().map(AlertEvent::rule).distinct()).containsExactlyInAnyOrder(rules);
    }
}
