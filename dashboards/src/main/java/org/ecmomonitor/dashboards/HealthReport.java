package org.ecmomonitor.dashboards;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.ecmomonitor.ingest.ComponentHealth;
import org.ecmomonitor.ingest.HealthCheck;

/**
 * The components /health reports on; healthy when every critical one is up. Also the two probes of an orchestrator
 * or load balancer: <em>live</em> (the process can do its work: false only after a fatal error, such as an
 * out-of-memory or a dead thread the monitor cannot run without, after which it should be restarted) and
 * <em>ready</em> (it has finished starting, is not stopping, and every critical component is up: send it traffic).
 */
public final class HealthReport {
    private final List<HealthCheck> checks;
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private volatile boolean started;
    private volatile boolean stopping;

    public HealthReport(List<HealthCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    public List<ComponentHealth> components() {
        return checks.stream().map(HealthCheck::health).toList();
    }

    public static boolean healthy(List<ComponentHealth> components) {
        return components.stream().allMatch(c -> c.up() || !c.critical());
    }

    /** Every part has started (the collectors last): from now on, ready depends on the components. */
    public void started() {
        started = true;
    }

    /** The monitor is shutting down: not ready any more. */
    public void stopping() {
        stopping = true;
    }

    /** Records a fatal error (the first one is kept): liveness fails from now on. */
    public void fatal(String what) {
        fatal.compareAndSet(null, what);
    }

    /** Empty while live; else the fatal error. */
    public Optional<String> fatalError() {
        return Optional.ofNullable(fatal.get());
    }

    /** Why the monitor is not ready before or after its components are asked: starting, stopping; else empty. */
    Optional<String> lifecycleNotReady() {
        if (stopping) {
            return Optional.of("stopping");
        }
        return started ? Optional.empty() : Optional.of("starting");
    }
}
