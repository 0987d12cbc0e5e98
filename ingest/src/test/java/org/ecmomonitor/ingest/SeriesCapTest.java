package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class SeriesCapTest {
    @Test
    void inventedFeedsPastTheCapAreCountedUnderOtherAndMakeNoNewSeries() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        meters.config().meterFilter(new SeriesCap("feed", 3));
        for (int i = 0; i < 1000; i++) {
            Counter.builder("ecmo.ingest.rejected").tag("feed", "invented-" + i).tag("reason", "bad_topic")
                    .register(meters).increment();
        }
        assertThat(meters.find("ecmo.ingest.rejected").counters()).hasSize(4);
        assertThat(meters.get("ecmo.ingest.rejected").tag("feed", SeriesCap.OTHER).counter().count()).isEqualTo(997);
        assertThat(meters.get("ecmo.ingest.rejected").tag("feed", "invented-0").tag("reason", "bad_topic").counter()
                .count()).isEqualTo(1);
        Counter.builder("ecmo.ingest.duplicates").tag("feed", "another").register(meters).increment();
        assertThat(meters.get("ecmo.ingest.duplicates").tag("feed", "another").counter().count())
                .as("the cap is per meter name").isEqualTo(1);
    }
}
