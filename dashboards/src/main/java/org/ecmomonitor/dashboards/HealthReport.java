package org.ecmomonitor.dashboards;

import java.util.List;
import org.ecmomonitor.ingest.ComponentHealth;
import org.ecmomonitor.ingest.HealthCheck;

/** The components /health reports on; healthy when every critical one is up. */
public final class HealthReport {
    private final List<HealthCheck> checks;

    public HealthReport(List<HealthCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    public List<ComponentHealth> components() {
        return checks.stream().map(HealthCheck::health).toList();
    }

    public static boolean healthy(List<ComponentHealth> components) {
        return components.stream().allMatch(c -> c.up() || !c.critical());
    }
}
