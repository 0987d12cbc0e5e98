package org.ecmomonitor.ingest;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code runtime} component of {@code /health}: down for good once a thread died of an Error (out of memory, a
 * class that failed to load) or an event loop caught one, with where and what. Issue 14: the MQTT event loops died
 * of {@code NoClassDefFoundError} while {@code /health} said 200; after such an error the process can no longer be
 * trusted to take device data, and only a restart makes it whole.
 */
public final class FatalErrors implements HealthCheck {
    private final AtomicReference<String> first = new AtomicReference<>();

    /** Records the error (the first one is what /health shows). */
    public void failed(String where, Throwable error) {
        first.compareAndSet(null, where + ": " + error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : " (" + Fields.clip(error.getMessage()) + ")")
                + "; restart the monitor");
    }

    public boolean anyFailed() {
        return first.get() != null;
    }

    @Override
    public ComponentHealth health() {
        String f = first.get();
        return f == null ? ComponentHealth.up("runtime", "no fatal error")
                : ComponentHealth.down("runtime", "fatal error in " + f);
    }
}
