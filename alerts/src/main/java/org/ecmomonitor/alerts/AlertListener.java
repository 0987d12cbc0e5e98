package org.ecmomonitor.alerts;

/**
 * Told about every alert event, in order, on the alert engine's thread. Implementations (the live board, the
 * time-series store, the MQTT publisher) must return quickly and never throw.
 */
@FunctionalInterface
public interface AlertListener {
    void onAlertEvent(AlertEvent event);
}
