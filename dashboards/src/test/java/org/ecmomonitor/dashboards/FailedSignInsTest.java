package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.ecmomonitor.alerts.AuditEntry;
import org.ecmomonitor.alerts.InMemoryAuditLog;
import org.ecmomonitor.ingest.MutableClock;
import org.junit.jupiter.api.Test;

class FailedSignInsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FailedSignIns failures = new FailedSignIns(audit, clock, meters);

    @Test
    void tenThousandFailuresWithDistinctNamesWriteABoundedNumberOfRows() {
        for (int i = 0; i < 10_000; i++) {
            failures.record("sign-in failed", "user" + i, "10.0.0." + (i % 200), "wrong_password",
                    "wrong name or password");
        }
        clock.advance(Duration.ofSeconds(60));
        failures.tick();
        assertThat(audit.auditLog(20_000)).hasSize(FailedSignIns.MAX_KEYS + 1);
        AuditEntry summary = audit.auditLog(1).get(0);
        assertThat(summary.detail()).startsWith((10_000 - FailedSignIns.MAX_KEYS) + " failed or refused sign-ins");
        assertThat(meters.get("ecmo.http.signin.failures").tag("reason", "wrong_password").counter().count())
                .isEqualTo(10_000);
    }

    @Test
    void aLoneFailureIsWrittenAtOnceAndNothingMoreAtTheEndOfItsMinute() {
        failures.record("sign-in failed", "ann", "10.0.0.1", "wrong_password", "wrong name or password");
        assertThat(audit.auditLog(10)).singleElement().extracting(AuditEntry::detail)
                .isEqualTo("wrong name or password, from 10.0.0.1");
        clock.advance(Duration.ofSeconds(61));
        failures.tick();
        assertThat(audit.auditLog(10)).hasSize(1);
        failures.record("sign-in failed", "ann", "10.0.0.1", "wrong_password", "wrong name or password");
        assertThat(audit.auditLog(10)).as("a new minute, a new first row").hasSize(2);
    }
}
