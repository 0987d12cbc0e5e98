package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.ecmomonitor.alerts.esper.EsperRulePack;
import org.ecmomonitor.alerts.esper.MapEval;
import org.ecmomonitor.alerts.esper.RuleSignal;
import org.junit.jupiter.api.Test;

class RulePackTest {
    @Test
    void compilesAndDeploysEveryModuleWithANamedStatementPerRule() {
        try (EsperRulePack pack = new EsperRulePack(Map.of(), 0, c -> { })) {
            assertThat(pack.statementNames()).contains("rule-signals", "MAP_LOW", "MAP_CRITICAL", "ARTLINE_ARTIFACT",
                    "LACTATE_HIGH", "LACTATE_RISING", "LACTATE_NOT_CLEARING", "LIMB_NIRS_LOW", "LIMB_NIRS_ASYMMETRY",
                    "LIMB_NIRS_DROP", "DPC_FLOW_LOW", "DPC_FLOW_LOSS", "LIMB_ISCHEMIA", "NIRS_ARTIFACT",
                    "ECMO_PUMP_STOP", "ECMO_FLOW_LOW", "ECMO_FLOW_DROP", "FEED_STALE");
        }
    }

    @Test
    void readsRecordEventsThroughTheirPublicAccessors() {
        List<RuleSignal> seen = new java.util.ArrayList<>();
        try (EsperRulePack pack = new EsperRulePack(Map.of(), 0, seen::add)) {
            pack.send(new MapEval("B7", 1234, 61.0, 65.0, true, null, null, false, null));
        }
        assertThat(seen).filteredOn(c -> c.rule().equals("MAP_LOW")).singleElement().satisfies(c -> {
            assertThat(c.bed()).isEqualTo("B7");
            assertThat(c.t()).isEqualTo(1234);
            assertThat(c.raising()).isTrue();
            assertThat(c.broken()).isTrue();
            assertThat(c.value()).isEqualTo(61.0);
            assertThat(c.raiseHoldMillis()).isEqualTo(300_000);
            assertThat(c.raiseMessage()).isEqualTo("MAP 61 mmHg below target 65");
        });
    }

    @Test
    void thresholdsAreVariablesTheConfigurationCanSet() {
        List<RuleSignal> seen = new java.util.ArrayList<>();
        try (EsperRulePack pack = new EsperRulePack(Map.of("map_critical_below", 45.0, "map_low_hold_seconds", 120.0),
                0, seen::add)) {
            pack.send(new MapEval("B1", 0, 47.0, 65.0, false, null, null, false, null));
            assertThat(pack.variable("hemodynamics", "map_critical_below")).isEqualTo(45.0);
        }
        assertThat(seen).filteredOn(c -> c.rule().equals("MAP_CRITICAL")).singleElement()
                .satisfies(c -> assertThat(c.raising()).isFalse());
        assertThat(seen).filteredOn(c -> c.rule().equals("MAP_LOW")).singleElement()
                .satisfies(c -> assertThat(c.raiseHoldMillis()).isEqualTo(120_000));
    }

    @Test
    void refusesUnknownVariablesAndFractionalDurations() {
        assertThatThrownBy(() -> new EsperRulePack(Map.of("map_lowest", 1.0), 0, c -> { }))
                .hasMessageContaining("unknown rule variable map_lowest");
        assertThatThrownBy(() -> new EsperRulePack(Map.of("map_low_hold_seconds", 1.5), 0, c -> { }))
                .hasMessageContaining("whole numbers");
    }
}
