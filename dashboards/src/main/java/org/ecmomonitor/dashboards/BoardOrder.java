package org.ecmomonitor.dashboards;

import java.util.Comparator;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertState;

/**
 * The order of a bed's alerts on its tile: unacknowledged before acknowledged, then high before medium before
 * low, then physiological before technical, newest first.
 */
final class BoardOrder {
    static final Comparator<Alert> ALERTS = Comparator
            .comparing((Alert a) -> a.state() != AlertState.ACTIVE)
            .thenComparing(Alert::priority, Comparator.reverseOrder())
            .thenComparing(a -> a.kind().ordinal())
            .thenComparing(Comparator.comparingLong(Alert::raisedAtMillis).reversed());

    private BoardOrder() {
    }
}
