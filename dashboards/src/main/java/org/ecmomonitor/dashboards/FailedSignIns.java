package org.ecmomonitor.dashboards;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ecmomonitor.alerts.AuditLog;

/**
 * The audit trail of failed and refused sign-ins, aggregated so that a guessing flood cannot bury the audit log
 * (issue 14: 10,000 "sign-in failed" rows). Per (action, name, address) the first failure is written at once; the
 * ones after it within the minute are counted and written as one row when the minute is over. At most
 * {@link #MAX_KEYS} such keys are followed at a time; failures past that are summed into one row a minute. Each
 * failure is counted in {@code ecmo_http_signin_failures_total{reason}}. Successful sign-ins are audited one by one
 * by {@link AuthRoutes}, not here.
 */
final class FailedSignIns {
    static final int MAX_KEYS = 100;
    static final long WINDOW_MILLIS = 60_000;

    private final AuditLog audit;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<Key, Window> windows = new LinkedHashMap<>();
    private long overflowSince = -1;
    private long overflow;

    private record Key(String action, String user, String address) {
    }

    private static final class Window {
        final long start;
        long more;

        Window(long start) {
            this.start = start;
        }
    }

    FailedSignIns(AuditLog audit, Clock clock, MeterRegistry meters) {
        this.audit = audit;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * @param action "sign-in failed" or "sign-in refused"
     * @param reason the metric's reason tag (wrong_password, name_locked, address_throttled, too_many_addresses)
     */
    void record(String action, String user, String address, String reason, String detail) {
        Counter.builder("ecmo.http.signin.failures").description("failed or refused sign-ins, by reason")
                .tag("reason", reason).register(meters).increment();
        long now = clock.millis();
        Key key = new Key(action, user, address);
        boolean writeNow;
        synchronized (this) {
            Window w = windows.get(key);
            if (w != null) {
                w.more++;
                writeNow = false;
            } else if (windows.size() < MAX_KEYS) {
                windows.put(key, new Window(now));
                writeNow = true;
            } else {
                if (overflow == 0) {
                    overflowSince = now;
                }
                overflow++;
                writeNow = false;
            }
        }
        if (writeNow) {
            audit.audit(now, user, action, "account " + user, detail + ", from " + address);
        }
    }

    /** Writes the counts of minutes that are over; production schedules it every few seconds. */
    void tick() {
        long now = clock.millis();
        Map<Key, Window> due = new LinkedHashMap<>();
        long overflowDue = 0;
        synchronized (this) {
            Iterator<Map.Entry<Key, Window>> it = windows.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Key, Window> e = it.next();
                if (now - e.getValue().start >= WINDOW_MILLIS) {
                    it.remove();
                    if (e.getValue().more > 0) {
                        due.put(e.getKey(), e.getValue());
                    }
                }
            }
            if (overflow > 0 && now - overflowSince >= WINDOW_MILLIS) {
                overflowDue = overflow;
                overflow = 0;
            }
        }
        due.forEach((k, w) -> audit.audit(now, k.user(), k.action(), "account " + k.user(),
                w.more + " more in the minute after the first, from " + k.address()));
        if (overflowDue > 0) {
            audit.audit(now, "?", "sign-in failed", "many accounts", overflowDue + " failed or refused sign-ins"
                    + " from many names and addresses in the last minute(s), not listed one by one");
        }
    }
}
