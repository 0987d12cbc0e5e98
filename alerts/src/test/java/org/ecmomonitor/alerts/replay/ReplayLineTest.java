package org.ecmomonitor.alerts.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.ecmomonitor.ingest.ContextField;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.RejectReason;
import org.ecmomonitor.ingest.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Replay lines with and without {@code receivedAt} (contract §2 v2). */
class ReplayLineTest {
    private static final long TS = Instant.parse("2026-11-21T08:00:00Z").toEpochMilli();

    private final ReplayLine parser = new ReplayLine();

    private ReplayLine.Parsed parsed(String line) {
        Object p = parser.parse(line);
        assertThat(p).as(line).isInstanceOf(ReplayLine.Parsed.class);
        return (ReplayLine.Parsed) p;
    }

    @Test
    void aLineWithoutReceivedAtWasReceivedAtItsOwnTs() {
        ReplayLine.Parsed p = parsed("{\"bed\": \"B1\", \"device\": \"console\", \"ts\": \"2026-11-21T08:00:00Z\","
                + " \"signal\": \"map\", \"value\": 61, \"unit\": \"mmHg\"}");
        assertThat(p.receivedAt()).isEmpty();
        Sample s = p.result().samples().get(0);
        assertThat(p.receiptOf(s.tsMillis())).isEqualTo(TS);
    }

    @Test
    void receivedAtIsReadAsIsoWithAnOffsetOrAsEpochMillisecondsOnSampleLines() {
        ReplayLine.Parsed iso = parsed("{\"bed\": \"B1\", \"ts\": \"2026-11-21T08:00:00Z\","
                + " \"receivedAt\": \"2026-11-21T09:00:02.500+01:00\", \"signal\": \"map\", \"value\": 61,"
                + " \"unit\": \"mmHg\"}");
        ReplayLine.Parsed millis = parsed("{\"bed\": \"B1\", \"ts\": " + TS + ", \"receivedAt\": " + (TS + 2500)
                + ", \"signal\": \"map\", \"value\": 61, \"unit\": \"mmHg\"}");
        assertThat(iso.receivedAt()).hasValue(TS + 2500);
        assertThat(millis.receivedAt()).hasValue(TS + 2500);
        assertThat(iso.result().samples()).singleElement()
                .satisfies(s -> assertThat(s.tsMillis()).as("ts stays the observation time").isEqualTo(TS));
        assertThat(iso.receiptOf(TS)).isEqualTo(TS + 2500);
    }

    @Test
    void receivedAtIsReadOnContextLinesBesideTheContextOrInsideItLikeTs() {
        ReplayLine.Parsed beside = parsed("{\"bed\": \"B1\", \"ts\": \"2026-11-21T08:00:00Z\","
                + " \"receivedAt\": \"2026-11-21T08:00:01Z\", \"context\": {\"weight_kg\": 75}}");
        ReplayLine.Parsed inside = parsed("{\"bed\": \"B1\", \"context\": {\"ts\": \"2026-11-21T08:00:00Z\","
                + " \"receivedAt\": " + (TS + 1000) + ", \"weight_kg\": 75}}");
        for (ReplayLine.Parsed p : new ReplayLine.Parsed[] {beside, inside}) {
            assertThat(p.receivedAt()).hasValue(TS + 1000);
            assertThat(p.result().rejections()).as("receivedAt is not a context field").isEmpty();
            ContextUpdate u = p.result().contexts().get(0);
            assertThat(u.tsMillis()).isEqualTo(TS);
            assertThat(u.set().weightKg()).isEqualTo(75.0);
        }
    }

    @Test
    void aNullReceivedAtIsLikeNoneAsForTheOtherOptionalFields() {
        assertThat(parsed("{\"bed\": \"B1\", \"ts\": " + TS + ", \"receivedAt\": null, \"signal\": \"map\","
                + " \"value\": 61, \"unit\": \"mmHg\"}").receivedAt()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yesterday\"", "\"2026-11-21T08:00:00\"", "\"2026-11-21\"", "1.5e12", "true",
            "{\"at\": 1}", "[1]", "99999999999999999999"})
    void aBadReceivedAtRejectsASampleLineAsABadTsIsRejected(String value) {
        Object p = parser.parse("{\"bed\": \"B1\", \"ts\": " + TS + ", \"receivedAt\": " + value
                + ", \"signal\": \"map\", \"value\": 61, \"unit\": \"mmHg\"}");
        assertThat(p).isInstanceOf(String.class);
        assertThat((String) p).startsWith("bad_ts: 'receivedAt' must be ISO-8601");
    }

    @Test
    void aBadReceivedAtRejectsAContextLine() {
        Object p = parser.parse("{\"bed\": \"B1\", \"ts\": " + TS + ", \"receivedAt\": \"soon\","
                + " \"context\": {\"weight_kg\": 75}}");
        assertThat(p).isEqualTo("bad_ts: 'receivedAt' must be ISO-8601 with an offset or epoch milliseconds,"
                + " got 'soon'");
    }

    @Test
    void withReceivedAtATsMoreThanTenSecondsAheadOfItIsRefusedAsLiveIngestWouldHave() {
        String line = "{\"bed\": \"B1\", \"ts\": %d, \"receivedAt\": %d, \"signal\": \"map\", \"value\": 61,"
                + " \"unit\": \"mmHg\"}";
        assertThat(parsed(line.formatted(TS + 10_000, TS)).result().samples()).hasSize(1);
        ReplayLine.Parsed ahead = parsed(line.formatted(TS + 10_001, TS));
        assertThat(ahead.result().samples()).isEmpty();
        assertThat(ahead.result().rejections()).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.FUTURE_TS));
        ReplayLine.Parsed context = parsed("{\"bed\": \"B1\", \"ts\": " + (TS + 60_000) + ", \"receivedAt\": " + TS
                + ", \"context\": {\"crrt\": true}}");
        assertThat(context.result().contexts()).isEmpty();
        assertThat(context.result().rejections().get(0).reason()).isEqualTo(RejectReason.FUTURE_TS);
    }

    @Test
    void withoutReceivedAtNoTsIsInTheFutureAsBefore() {
        ReplayLine.Parsed p = parsed("{\"bed\": \"B1\", \"ts\": \"2999-01-01T00:00:00Z\", \"context\":"
                + " {\"map_target\": 70, \"nirs_baseline_left\": null}}");
        assertThat(p.result().rejections()).isEmpty();
        assertThat(p.result().contexts().get(0).cleared()).containsExactly(ContextField.NIRS_BASELINE_LEFT);
    }
}
