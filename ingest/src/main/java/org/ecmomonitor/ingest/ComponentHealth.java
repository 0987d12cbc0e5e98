package org.ecmomonitor.ingest;

import java.util.Objects;

/** The state of one component as /health reports it; {@code critical} components make /health answer 503. */
public record ComponentHealth(String component, boolean up, boolean critical, String detail) {

    public ComponentHealth {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(detail, "detail");
    }

    public static ComponentHealth up(String component, String detail) {
        return new ComponentHealth(component, true, true, detail);
    }

    public static ComponentHealth down(String component, String detail) {
        return new ComponentHealth(component, false, true, detail);
    }
}
