package org.ecmomonitor.dashboards.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.ecmomonitor.ingest.MutableClock;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
    private static final String STATION = "10.20.0.5";
    private static final String ATTACKER = "10.99.0.66";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));

    private static void fail(SignInThrottle t, String name, String address, int times) {
        for (int i = 0; i < times; i++) {
            t.failed(name, address);
        }
    }

    @Test
    void fiveFailuresLockTheNameFromThatAddressOnlyForAMinute() {
        SignInThrottle t = new SignInThrottle(clock, 100);
        fail(t, "ann", ATTACKER, SignInThrottle.FAILURES_PER_NAME - 1);
        assertThat(t.check("ann", ATTACKER).allowed()).isTrue();
        t.failed("ann", ATTACKER);
        SignInThrottle.Verdict locked = t.check("ann", ATTACKER);
        assertThat(locked.refusal()).isEqualTo(SignInThrottle.Refusal.NAME_LOCKED);
        assertThat(locked.retryAfterSeconds()).isEqualTo(60);
        assertThat(t.check("ann", STATION).allowed()).as("ann at her own station").isTrue();
        assertThat(t.check("bob", ATTACKER).allowed()).isTrue();
        clock.advance(Duration.ofMillis(SignInThrottle.LOCK_MILLIS));
        assertThat(t.check("ann", ATTACKER).allowed()).isTrue();
    }

    @Test
    void oneAddressGuessingManyNamesIsThrottledWithoutLockingThoseNamesElsewhere() {
        SignInThrottle t = new SignInThrottle(clock, 100);
        for (int i = 0; i < SignInThrottle.FAILURES_PER_ADDRESS; i++) {
            assertThat(t.check("user" + i, ATTACKER).allowed()).isTrue();
            t.failed("user" + i, ATTACKER);
        }
        SignInThrottle.Verdict v = t.check("someone-new", ATTACKER);
        assertThat(v.refusal()).isEqualTo(SignInThrottle.Refusal.ADDRESS_THROTTLED);
        assertThat(v.retryAfterSeconds()).isEqualTo(SignInThrottle.ADDRESS_WINDOW_MILLIS / 1000);
        assertThat(t.check("user3", STATION).allowed()).isTrue();
        clock.advance(Duration.ofMillis(SignInThrottle.ADDRESS_WINDOW_MILLIS));
        assertThat(t.check("someone-new", ATTACKER).allowed()).isTrue();
    }

    @Test
    void aSuccessClearsTheNameButNotTheAddressBudget() {
        SignInThrottle t = new SignInThrottle(clock, 100);
        fail(t, "ann", STATION, SignInThrottle.FAILURES_PER_NAME - 1);
        t.succeeded("ann", STATION);
        fail(t, "ann", STATION, SignInThrottle.FAILURES_PER_NAME - 1);
        assertThat(t.check("ann", STATION).allowed()).isTrue();
        fail(t, "mallory", ATTACKER, SignInThrottle.FAILURES_PER_ADDRESS - 1);
        t.succeeded("mallory", ATTACKER);
        t.failed("victim", ATTACKER);
        assertThat(t.check("victim", ATTACKER).refusal()).isEqualTo(SignInThrottle.Refusal.ADDRESS_THROTTLED);
    }

    @Test
    void aFloodFromOtherAddressesNeitherEvictsNorResetsAVictimsCounter() {
        SignInThrottle t = new SignInThrottle(clock, 50);
        fail(t, "ann", ATTACKER, SignInThrottle.FAILURES_PER_NAME);
        for (int i = 0; i < 10_000; i++) {
            String address = "10.1." + (i / 250) + "." + (i % 250);
            t.failed("ann", address);
        }
        assertThat(t.addresses()).isEqualTo(50);
        assertThat(t.check("ann", ATTACKER).refusal()).isEqualTo(SignInThrottle.Refusal.NAME_LOCKED);
        SignInThrottle.Verdict full = t.check("ann", "10.200.0.1");
        assertThat(full.refusal()).as("a new address while the table is full").isEqualTo(
                SignInThrottle.Refusal.TOO_MANY_ADDRESSES);
        assertThat(t.check("ann", "10.1.0.7").allowed()).as("a known address keeps its own record").isTrue();
        clock.advance(Duration.ofMillis(SignInThrottle.ADDRESS_WINDOW_MILLIS));
        t.tick();
        assertThat(t.addresses()).isZero();
        assertThat(t.check("ann", "10.200.0.1").allowed()).isTrue();
    }
}
