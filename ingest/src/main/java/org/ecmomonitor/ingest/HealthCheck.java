package org.ecmomonitor.ingest;

/** A component that can say whether it works (a store, a collector). */
@FunctionalInterface
public interface HealthCheck {
    ComponentHealth health();
}
