package org.ecmomonitor.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.ecmomonitor.ingest.MutableClock;
import org.junit.jupiter.api.Test;

class SignInLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));
    private final SignInLimiter limiter = new SignInLimiter(clock, 3, 1_000);

    @Test
    void aGuesserSpreadOverManyAddressesIsHeldBackByTheDevicesBucket() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.blocked("pump-b1", "10.0.0." + i)).isNull();
            limiter.failed("pump-b1", "10.0.0." + i);
        }
        assertThat(limiter.blocked("pump-b1", "10.0.0.99")).isEqualTo("device");
        assertThat(limiter.blocked("nirs-b1", "10.0.0.99")).as("other devices are not held back").isNull();
    }

    @Test
    void oneAddressGuessingManyDevicesIsHeldBackByTheAddresssBucket() {
        for (int i = 0; i < 3; i++) {
            limiter.failed("device-" + i, "10.0.0.66");
        }
        assertThat(limiter.blocked("device-9", "10.0.0.66")).isEqualTo("address");
        assertThat(limiter.blocked("device-9", "10.0.0.67")).isNull();
    }

    @Test
    void theRealDeviceIsNotLockedOutFromAnAddressItSignedInFromBefore() {
        limiter.succeeded("pump-b1", "10.0.1.5");
        for (int i = 0; i < 3; i++) {
            limiter.failed("pump-b1", "10.0.0." + i);
        }
        assertThat(limiter.blocked("pump-b1", "10.0.1.5")).isNull();
        assertThat(limiter.blocked("pump-b1", "10.0.0.50")).isEqualTo("device");
        for (int i = 0; i < 3; i++) {
            limiter.failed("other-" + i, "10.0.1.5");
        }
        assertThat(limiter.blocked("pump-b1", "10.0.1.5")).as("a guesser sharing the device's address").isNull();
        assertThat(limiter.blocked("other-9", "10.0.1.5")).isEqualTo("address");
    }

    @Test
    void oneFailureIsAllowedAgainPerRefillInterval() {
        for (int i = 0; i < 3; i++) {
            limiter.failed("pump-b1", "10.0.0.1");
        }
        assertThat(limiter.blocked("pump-b1", "10.0.0.1")).isNotNull();
        clock.advance(Duration.ofMillis(999));
        assertThat(limiter.blocked("pump-b1", "10.0.0.1")).isNotNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.blocked("pump-b1", "10.0.0.1")).isNull();
        limiter.failed("pump-b1", "10.0.0.1");
        assertThat(limiter.blocked("pump-b1", "10.0.0.1")).isNotNull();
    }
}
