package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecentTimestampsTest {
    private static final long T0 = 1_795_000_000_000L;

    @Test
    void remembersEveryTimeWhileGrowingToItsCapacity() {
        RecentTimestamps r = new RecentTimestamps(100);
        for (int i = 0; i < 100; i++) {
            r.add(T0 + i * 1_000L, 0, 0);
        }
        assertThat(r.size()).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            assertThat(r.contains(T0 + i * 1_000L, 0)).as("time " + i).isTrue();
        }
        assertThat(r.contains(T0 + 500, 0)).isFalse();
        assertThat(r.contains(T0 + 100_000, 0)).isFalse();
    }

    @Test
    void forgetsTheOldestTimesOnceFull() {
        RecentTimestamps r = new RecentTimestamps(10);
        for (int i = 0; i < 25; i++) {
            r.add(T0 + i, 0, 0);
        }
        assertThat(r.size()).isEqualTo(10);
        assertThat(r.contains(T0 + 14, 0)).isFalse();
        assertThat(r.contains(T0 + 15, 0)).isTrue();
        assertThat(r.contains(T0 + 24, 0)).isTrue();
    }

    @Test
    void aLateTimeIsRememberedBesideLaterOnes() {
        RecentTimestamps r = new RecentTimestamps(10);
        r.add(T0 + 5_000, 0, 0);
        r.add(T0, 0, 0);
        assertThat(r.contains(T0, 0)).isTrue();
        assertThat(r.contains(T0 + 5_000, 0)).isTrue();
        assertThat(r.contains(T0 + 1_000, 0)).isFalse();
    }

    @Test
    void timesMoreThan25DaysApartMoveTheBaseAndKeepWhatStillFits() {
        RecentTimestamps r = new RecentTimestamps(10);
        long month = Duration.ofDays(30).toMillis();
        r.add(T0, 0, 0);
        r.add(T0 + month - 1_000, 0, 0);
        r.add(T0 + month, 0, 0);
        assertThat(r.contains(T0 + month, 0)).isTrue();
        assertThat(r.contains(T0 + month - 1_000, 0)).isTrue();
        assertThat(r.contains(T0, 0)).as("too far from the new base to be kept; forgetting is safe").isFalse();
        assertThat(r.size()).isEqualTo(2);
        r.add(T0 - month, 0, 0);
        assertThat(r.contains(T0 - month, 0)).isTrue();
        assertThat(r.contains(T0 + month, 0)).isFalse();
    }

    @Test
    void aTimeFarFromTheBaseIsNeverMistakenForAnother() {
        RecentTimestamps r = new RecentTimestamps(10);
        r.add(T0, 0, 0);
        assertThat(r.contains(T0 - (1L << 32), 0)).isFalse();
    }

    @Test
    void theSameTimeWithAnotherFingerprintIsNotRemembered() {
        RecentTimestamps r = new RecentTimestamps(16);
        r.add(T0, 42, 0);
        assertThat(r.contains(T0, 42)).isTrue();
        assertThat(r.contains(T0, 43)).as("a clock stepped back: the same time, a new measurement").isFalse();
    }
}
