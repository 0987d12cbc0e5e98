package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DuplicateFilterTest {
    private static final long T0 = Instant.parse("2026-11-21T08:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofHours(24).toMillis();
    private final DuplicateFilter filter = new DuplicateFilter();

    private static Sample map(long ts, double value) {
        return Sample.of("B1", "console", Signal.MAP, ts, value);
    }

    private static Sample lactate(LabStatus status, double value) {
        return new Sample("B1", "lab", Signal.LACTATE, T0, value, Quality.OK, !Signal.LACTATE.isPlausible(value),
                status, Specimen.ARTERIAL, value, "mmol/L");
    }

    private List<Sample> taken(long receivedMillis, Sample... samples) {
        return filter.filter(List.of(samples), receivedMillis).taken();
    }

    @Test
    void aQos1RedeliveryOfAContinuousSampleIsDropped() {
        Sample s = map(T0, 63);
        assertThat(taken(T0, s)).containsExactly(s);
        DuplicateFilter.Outcome again = filter.filter(List.of(s), T0 + 2_000);
        assertThat(again.taken()).isEmpty();
        assertThat(again.dropped()).containsExactly(s);
        assertThat(again.remembered()).isTrue();
    }

    @Test
    void aDeviceWhoseClockSteppedBackSendsTheSameTimesWithNewValuesAndTheyAreTaken() {
        // a QoS 1 redelivery repeats the value; a console stepped 30 s back by NTP repeats the times with what it
        // measures now (the pump stopping): dropping those would hide the stop (review of the v2 time model)
        taken(T0, map(T0, 63));
        Sample now = map(T0, 45);
        assertThat(taken(T0 + 30_000, now)).containsExactly(now);
        assertThat(taken(T0 + 31_000, map(T0, 45))).as("and its own redelivery is a duplicate").isEmpty();
    }

    @Test
    void aBatchOfNewSamplesWithOneResentAmongThemKeepsTheNewOnes() {
        taken(T0, map(T0, 63), map(T0 + 1_000, 64));
        Sample late = map(T0 - 5_000, 60);
        Sample next = map(T0 + 2_000, 65);
        assertThat(taken(T0 + 3_000, map(T0 + 1_000, 64), late, next))
                .as("a late sample is not a duplicate; a resent one is").containsExactly(late, next);
        assertThat(taken(T0 + 4_000, late)).as("the late one, resent").isEmpty();
    }

    @Test
    void aBatchCarryingTheSameSampleTwiceKeepsOne() {
        Sample s = map(T0, 63);
        DuplicateFilter.Outcome o = filter.filter(List.of(s, s), T0);
        assertThat(o.taken()).containsExactly(s);
        assertThat(o.dropped()).containsExactly(s);
    }

    @Test
    void theSameRbcUnitsLineTwiceCountsOnce() {
        Sample unit = Sample.of("B2", "chart", Signal.RBC_UNITS, T0, 1);
        assertThat(taken(T0, unit)).containsExactly(unit);
        assertThat(taken(T0 + 60_000, unit)).isEmpty();
        assertThat(taken(T0 + 6 * 3_600_000L, unit)).as("still within 24 h").isEmpty();
    }

    @Test
    void aCorrectedResultReplacesAFinalOne() {
        taken(T0, lactate(LabStatus.FINAL, 4.2));
        Sample corrected = lactate(LabStatus.CORRECTED, 2.4);
        assertThat(taken(T0 + 600_000, corrected)).containsExactly(corrected);
        Sample again = lactate(LabStatus.CORRECTED, 2.6);
        assertThat(taken(T0 + 700_000, again)).as("a second correction").containsExactly(again);
    }

    @Test
    void aFinalResultReplacesAPreliminaryOne() {
        taken(T0, lactate(LabStatus.PRELIMINARY, 3.1));
        Sample fin = lactate(LabStatus.FINAL, 3.3);
        assertThat(taken(T0 + 600_000, fin)).containsExactly(fin);
    }

    @Test
    void aPreliminaryResultAfterAFinalOneIsDropped() {
        taken(T0, lactate(LabStatus.FINAL, 3.3));
        assertThat(taken(T0 + 600_000, lactate(LabStatus.PRELIMINARY, 3.1))).isEmpty();
    }

    @Test
    void aFinalResultWithAnotherValueAfterAFinalOrCorrectedOneIsDropped() {
        taken(T0, lactate(LabStatus.FINAL, 3.3));
        assertThat(taken(T0 + 1_000, lactate(LabStatus.FINAL, 3.5))).isEmpty();
        taken(T0 + 2_000, lactate(LabStatus.CORRECTED, 3.0));
        assertThat(taken(T0 + 3_000, lactate(LabStatus.FINAL, 3.5))).isEmpty();
        assertThat(taken(T0 + 4_000, lactate(LabStatus.PRELIMINARY, 3.0))).isEmpty();
    }

    @Test
    void theSameResultAgainIsADuplicateWhateverItsStatus() {
        taken(T0, lactate(LabStatus.PRELIMINARY, 3.1));
        assertThat(taken(T0 + 1_000, lactate(LabStatus.FINAL, 3.1))).isEmpty();
        assertThat(taken(T0 + 2_000, lactate(LabStatus.CORRECTED, 3.1))).isEmpty();
    }

    @Test
    void aPreliminaryAndItsFinalInOneBatchAreBothTakenInOrder() {
        Sample prelim = lactate(LabStatus.PRELIMINARY, 3.1);
        Sample fin = lactate(LabStatus.FINAL, 3.3);
        assertThat(taken(T0, prelim, fin, prelim)).containsExactly(prelim, fin);
    }

    @Test
    void theSameTimeFromAnotherDeviceBedOrSignalIsNotADuplicate() {
        taken(T0, map(T0, 63));
        Sample otherDevice = Sample.of("B1", "monitor", Signal.MAP, T0, 63);
        Sample otherBed = Sample.of("B2", "console", Signal.MAP, T0, 63);
        Sample otherSignal = Sample.of("B1", "console", Signal.SBP, T0, 90);
        assertThat(taken(T0 + 1_000, otherDevice, otherBed, otherSignal))
                .containsExactly(otherDevice, otherBed, otherSignal);
        Sample labOtherDevice = new Sample("B1", "poc", Signal.LACTATE, T0, 3.3, Quality.OK, false, LabStatus.FINAL,
                Specimen.ARTERIAL, 3.3, "mmol/L");
        taken(T0, lactate(LabStatus.FINAL, 3.3));
        assertThat(taken(T0 + 1_000, labOtherDevice)).containsExactly(labOtherDevice);
    }

    @Test
    void aSampleTakenMoreThan24HoursAgoIsTakenAgain() {
        Sample s = map(T0, 63);
        Sample unit = Sample.of("B1", "chart", Signal.RBC_UNITS, T0, 1);
        taken(T0, s, unit);
        assertThat(taken(T0 + DAY, s, unit)).as("exactly 24 h later: still within").isEmpty();
        assertThat(taken(T0 + DAY + 1, s, unit)).containsExactly(s, unit);
    }

    @Test
    void aMessageTheCallerRefusesIsNotRememberedSoItsResendIsTaken() {
        Sample s = map(T0, 63);
        DuplicateFilter.Outcome refused = filter.filter(List.of(s), T0, taken -> false);
        assertThat(refused.remembered()).isFalse();
        assertThat(refused.taken()).containsExactly(s);
        assertThat(taken(T0 + 5_000, s)).containsExactly(s);
    }

    @Test
    void theCallerDecidesOnceEvenForAMessageOfDuplicatesOnly() {
        taken(T0, map(T0, 63));
        List<List<Sample>> asked = new ArrayList<>();
        filter.filter(List.of(map(T0, 63)), T0 + 1_000, taken -> asked.add(taken));
        filter.filter(List.of(), T0 + 2_000, taken -> asked.add(taken));
        assertThat(asked).containsExactly(List.of(), List.of());
    }

    @Test
    void aLongContinuousStreamKeepsItsMemoryBounded() {
        for (int i = 0; i < 100_000; i++) {
            long ts = T0 + i * 1_000L;
            assertThat(filter.filter(List.of(map(ts, 60 + i % 10)), ts).taken()).hasSize(1);
        }
        assertThat(filter.seriesRemembered()).isEqualTo(1);
        assertThat(filter.entriesRemembered()).isEqualTo(DuplicateFilter.RECENT_PER_SERIES);
        long newest = T0 + 99_999 * 1_000L;
        long oldestKept = newest - (DuplicateFilter.RECENT_PER_SERIES - 1) * 1_000L;
        assertThat(taken(newest, map(oldestKept, 60))).as("still remembered").isEmpty();
        assertThat(taken(newest, map(oldestKept - 1_000, 60))).as("past the ring: taken again").hasSize(1);
    }

    @Test
    void aDeviceChartingWithoutEndKeepsItsMemoryBounded() {
        DuplicateFilter small = new DuplicateFilter(8, 16, 100);
        for (int i = 0; i < 1_000; i++) {
            small.filter(List.of(Sample.of("B1", "chart", Signal.RBC_UNITS, T0 + i, 1)), T0 + i);
        }
        assertThat(small.entriesRemembered()).isEqualTo(16);
    }

    @Test
    void idleSeriesAreForgottenAfter24Hours() {
        for (int b = 0; b < 50; b++) {
            filter.filter(List.of(Sample.of("B" + b, "console", Signal.MAP, T0, 63),
                    Sample.of("B" + b, "chart", Signal.URINE_OUTPUT, T0, 40)), T0);
        }
        taken(T0 + DAY, map(T0 + DAY, 63));
        assertThat(filter.seriesRemembered()).isEqualTo(100);
        taken(T0 + DAY + DuplicateFilter.SWEEP_EVERY_MILLIS, map(T0 + DAY + 1_000, 64));
        assertThat(filter.seriesRemembered()).as("B1's MAP is still sending").isEqualTo(1);
        assertThat(filter.entriesRemembered()).isEqualTo(3);
    }

    @Test
    void pastTheSeriesBoundNewSeriesAreTakenWithoutMemory() {
        DuplicateFilter small = new DuplicateFilter(8, 8, 2);
        Sample a = Sample.of("B1", "console", Signal.MAP, T0, 63);
        Sample b = Sample.of("B2", "console", Signal.MAP, T0, 63);
        Sample c = Sample.of("B3", "console", Signal.MAP, T0, 63);
        small.filter(List.of(a, b, c), T0);
        assertThat(small.seriesRemembered()).isEqualTo(2);
        assertThat(small.filter(List.of(a, b, c), T0 + 1).taken()).containsExactly(c);
    }

    @Test
    void twoCopiesArrivingAtOnceOnTwoConnectionsAreTakenOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                Sample s = map(T0 + round, 63);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> copies = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    copies.add(pool.submit(() -> {
                        go.await();
                        return filter.filter(List.of(s), T0 + 1).taken().size();
                    }));
                }
                go.countDown();
                int sum = 0;
                for (Future<Integer> f : copies) {
                    sum += f.get(10, TimeUnit.SECONDS);
                }
                assertThat(sum).as("round " + round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
