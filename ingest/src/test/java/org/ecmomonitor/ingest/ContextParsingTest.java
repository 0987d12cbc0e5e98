package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContextParsingTest {
    private static final long NOW = Instant.parse("2026-11-21T08:00:00Z").toEpochMilli();
    private static final Topic CONTEXT = new Topic("B1", "context");
    private final PayloadParser parser = new PayloadParser();

    private ParseResult parse(String json) {
        return parser.parse(CONTEXT, json.getBytes(StandardCharsets.UTF_8), Map.of(), NOW);
    }

    @Test
    void readsEveryFieldOfTheContractsContextMessage() {
        ParseResult r = parse("{\"ts\": \"2026-11-21T07:00:00Z\", \"weight_kg\": 80, \"arterial_cannula_side\":"
                + " \"left\", \"ecmo_mode\": \"running\", \"crrt\": false, \"map_target\": 65, \"ecmo_flow_min\": 1.5,"
                + " \"nirs_baseline_left\": 68, \"nirs_baseline_right\": 70}");
        assertThat(r.rejections()).isEmpty();
        ContextUpdate u = r.contexts().get(0);
        assertThat(u.bed()).isEqualTo("B1");
        assertThat(u.tsMillis()).isEqualTo(NOW - 3_600_000);
        assertThat(u.set()).isEqualTo(new PatientContext(80.0, CannulaSide.LEFT, EcmoMode.RUNNING, false, 65.0, 1.5,
                68.0, 70.0));
        assertThat(u.cleared()).isEmpty();
    }

    @Test
    void takesEffectNowWhenTheMessageHasNoTimestamp() {
        assertThat(parse("{\"crrt\": true}").contexts().get(0).tsMillis()).isEqualTo(NOW);
    }

    @Test
    void keepsTheGoodFieldsWhenOneIsBad() {
        ParseResult r = parse("{\"weight_kg\": 500, \"arterial_cannula_side\": \"right\", \"ecmo_mode\": \"turbo\","
                + " \"crrt\": \"yes\", \"map_targt\": 70}");
        assertThat(r.contexts()).singleElement().extracting(ContextUpdate::set)
                .isEqualTo(new PatientContext(null, CannulaSide.RIGHT, null, null, null, null, null, null));
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactlyInAnyOrder(
                RejectReason.BAD_FIELD_VALUE, RejectReason.BAD_FIELD_VALUE, RejectReason.WRONG_TYPE,
                RejectReason.BAD_FIELD_VALUE);
        assertThat(r.rejections()).extracting(Rejection::detail).anyMatch(d -> d.contains("weight_kg"))
                .anyMatch(d -> d.contains("map_targt"));
    }

    @Test
    void rangesOfSignalsMdAreInclusive() {
        assertThat(parse("{\"map_target\": 40}").rejections()).isEmpty();
        assertThat(parse("{\"map_target\": 100}").rejections()).isEmpty();
        assertThat(parse("{\"map_target\": 39.9}").rejections()).hasSize(1);
        assertThat(parse("{\"weight_kg\": 0.5}").rejections()).isEmpty();
        assertThat(parse("{\"weight_kg\": 300}").rejections()).isEmpty();
        assertThat(parse("{\"weight_kg\": 0.49}").rejections()).hasSize(1);
        assertThat(parse("{\"weight_kg\": 300.1}").rejections()).hasSize(1);
        assertThat(parse("{\"nirs_baseline_left\": 96}").rejections()).hasSize(1);
    }

    @Test
    void nullClearsAField() {
        ParseResult r = parse("{\"nirs_baseline_left\": null}");
        ContextUpdate u = r.contexts().get(0);
        assertThat(u.cleared()).containsExactly(ContextField.NIRS_BASELINE_LEFT);
        PatientContext before = new PatientContext(80.0, null, null, null, null, null, 68.0, 70.0);
        assertThat(before.apply(u.set(), u.cleared()))
                .isEqualTo(new PatientContext(80.0, null, null, null, null, null, null, 70.0));
    }

    @Test
    void theLatestValueWins() {
        PatientContext c = PatientContext.EMPTY
                .apply(new PatientContext(80.0, CannulaSide.LEFT, null, null, 65.0, null, null, null), Set.of())
                .apply(new PatientContext(null, CannulaSide.RIGHT, EcmoMode.STANDBY, null, null, null, null, null),
                        Set.of());
        assertThat(c).isEqualTo(new PatientContext(80.0, CannulaSide.RIGHT, EcmoMode.STANDBY, null, 65.0, null, null,
                null));
        assertThat(c.mapTargetOrDefault()).isEqualTo(65.0);
        assertThat(PatientContext.EMPTY.ecmoFlowMinOrDefault()).isEqualTo(1.5);
    }

    @Test
    void rejectsAContextThatIsNotAnObjectOrFromTheFuture() {
        assertThat(parse("[]").rejections()).extracting(Rejection::reason).containsExactly(RejectReason.NOT_AN_OBJECT);
        assertThat(parse("{\"ts\": " + (NOW + 60_000) + ", \"crrt\": true}").rejections())
                .extracting(Rejection::reason).containsExactly(RejectReason.FUTURE_TS);
        assertThat(parse("{\"ts\": " + (NOW + 60_000) + ", \"crrt\": true}").contexts()).isEmpty();
    }
}
