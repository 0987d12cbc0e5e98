package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SteadyClockTest {
    private final AtomicLong wallMillis = new AtomicLong(1_800_000_000_000L);
    private final AtomicLong monoNanos = new AtomicLong(5_000_000_000L);
    private final Clock wall = new Clock() {
        @Override
        public long millis() {
            return wallMillis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    private void pass(long millis) {
        wallMillis.addAndGet(millis);
        monoNanos.addAndGet(millis * 1_000_000);
    }

    @Test
    void followsTheWallClockWhileItRunsSteadily() {
        SteadyClock c = new SteadyClock(wall, monoNanos::get);
        pass(1_234);
        assertThat(c.millis()).isEqualTo(wallMillis.get());
    }

    @Test
    void aWallClockSteppedBackIsMetBySlowingDownNeverByGoingBack() {
        SteadyClock c = new SteadyClock(wall, monoNanos::get);
        pass(10_000);
        long before = c.millis();
        wallMillis.addAndGet(-30_000);
        long previous = before;
        for (int i = 0; i < 400; i++) {
            pass(1_000);
            long now = c.millis();
            assertThat(now - previous).as("second %d", i).isBetween(900L, 1_000L);
            previous = now;
        }
        assertThat(c.millis()).as("met the wall clock after 300 s at 90 %").isEqualTo(wallMillis.get());
    }

    @Test
    void aWallClockSteppedForwardIsFollowedAtOnceAndTheJumpIsTold() {
        SteadyClock c = new SteadyClock(wall, monoNanos::get);
        java.util.List<Long> jumps = new java.util.ArrayList<>();
        c.onForwardJump(jumps::add);
        pass(1_000);
        c.millis();
        wallMillis.addAndGet(30_000);
        pass(1_000);
        assertThat(c.millis()).isEqualTo(wallMillis.get());
        assertThat(jumps).containsExactly(wallMillis.get());
        pass(1_000);
        c.millis();
        assertThat(jumps).as("told once").hasSize(1);
    }

    @Test
    void ordinaryDriftIsNoJump() {
        SteadyClock c = new SteadyClock(wall, monoNanos::get);
        java.util.List<Long> jumps = new java.util.ArrayList<>();
        c.onForwardJump(jumps::add);
        for (int i = 0; i < 100; i++) {
            pass(1_000);
            wallMillis.addAndGet(20);
            c.millis();
        }
        assertThat(jumps).isEmpty();
    }
}
