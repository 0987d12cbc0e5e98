package org.ecmomonitor.ingest;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The {@code runtime} component of {@code /health}: down for good once a thread died of an Error (out of memory, a
 * class that failed to load) or an event loop caught one, with where and what. Issue 14: the MQTT event loops died
 * of {@code NoClassDefFoundError} while {@code /health} said 200; after such an error the process can no longer be
 * trusted to take device data, and only a restart makes it whole.
 */
public final class FatalErrors implements HealthCheck {
    private final AtomicReference<String> first = new AtomicReference<>();
    private volatile Consumer<String> listener = what -> { };

    /** Told of the first fatal error (e.g. liveness, {@code /health/live}), also of one that came before. */
    public void whenFailed(Consumer<String> l) {
        listener = l;
        String f = first.get();
        if (f != null) {
            l.accept(f);
        }
    }

    /** Records the error (the first one is what /health shows). */
    public void failed(String where, Throwable error) {
        String what = where + ": " + error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : " (" + Fields.clip(error.getMessage()) + ")")
                + "; restart the monitor";
        if (first.compareAndSet(null, what)) {
            listener.accept(what);
        }
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
