package org.ecmomonitor.alerts.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SampleWindowTest {
    @Test
    void medianAndMeanCoverTheHalfOpenWindowEndingAtT() {
        SampleWindow w = new SampleWindow(10_000);
        for (int s = 0; s < 20; s++) {
            w.add(s * 1000L, s);
        }
        // (9 s, 19 s] holds 10..19
        assertThat(w.median(19_000, 10_000)).isEqualTo(14.5);
        assertThat(w.mean(19_000, 10_000)).isEqualTo(14.5);
        assertThat(w.median(19_000, 1_000)).isEqualTo(19.0);
        assertThat(w.median(40_000, 10_000)).isNull();
    }

    @Test
    void aLateSampleGoesIntoItsPlaceByTime() {
        SampleWindow w = new SampleWindow(10_000);
        w.add(1000, 1);
        w.add(3000, 3);
        w.add(2000, 100);
        assertThat(w.median(3000, 1500)).isEqualTo(51.5);
        assertThat(w.latest()).isEqualTo(3000);
    }

    @Test
    void selectionAgreesWithSortingOnRandomData() {
        Random r = new Random(7);
        for (int round = 0; round < 500; round++) {
            int n = 1 + r.nextInt(400);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextInt(50) + (r.nextBoolean() ? 0.5 : 0);
            }
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            SampleWindow w = new SampleWindow(1_000_000);
            for (int i = 0; i < n; i++) {
                w.add(i, a[i]);
            }
            assertThat(w.median(n - 1, 1_000_000)).as("n=%d", n).isEqualTo(expected);
        }
    }

    @Test
    void forgetsWhatIsOlderThanItsSpanAndGrowsPastItsFirstCapacity() {
        SampleWindow w = new SampleWindow(300_000);
        for (int s = 0; s < 1000; s++) {
            w.add(s * 1000L, s);
        }
        assertThat(w.median(999_000, 300_000)).isEqualTo(849.5);
        assertThat(w.evictBefore(999_000)).isFalse();
        assertThat(w.isEmpty()).isTrue();
    }
}
