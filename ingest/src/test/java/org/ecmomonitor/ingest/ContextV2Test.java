package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The context fields of contract §1 v2: ecmo_config, oxygenator_changed_at, the anti-Xa range; v2's weight. */
class ContextV2Test {
    private static final long NOW = Instant.parse("2026-11-21T08:00:00Z").toEpochMilli();
    private static final Topic CONTEXT = new Topic("B1", "context");
    private final PayloadParser parser = new PayloadParser();

    private ParseResult parse(String json) {
        return parser.parse(CONTEXT, json.getBytes(StandardCharsets.UTF_8), Map.of(), NOW);
    }

    private PatientContext set(String json) {
        ParseResult r = parse(json);
        assertThat(r.rejections()).as(json).isEmpty();
        return r.contexts().get(0).set();
    }

    private Rejection rejected(String json) {
        ParseResult r = parse(json);
        assertThat(r.contexts()).as(json).isEmpty();
        return r.rejections().get(0);
    }

    @Test
    void readsEveryV2Field() {
        PatientContext c = set("{\"ecmo_config\": \"va_central\", \"oxygenator_changed_at\": \"2026-11-20T14:30:00Z\","
                + " \"anti_xa_min\": 0.35, \"anti_xa_max\": 0.6, \"weight_kg\": 3.2}");
        assertThat(c).isEqualTo(new PatientContext(3.2, null, null, null, null, null, null, null,
                EcmoConfig.VA_CENTRAL, Instant.parse("2026-11-20T14:30:00Z").toEpochMilli(), 0.35, 0.6));
        assertThat(c.oxygenatorChangedAt()).contains(Instant.parse("2026-11-20T14:30:00Z"));
    }

    @ParameterizedTest(name = "ecmo_config {0}")
    @CsvSource({"va, VA", "va_central, VA_CENTRAL", "vv, VV"})
    void readsEveryCircuitConfiguration(String wire, EcmoConfig config) {
        assertThat(set("{\"ecmo_config\": \"" + wire + "\"}").ecmoConfig()).isEqualTo(config);
    }

    @Test
    void rejectsAnUnknownCircuitConfigurationSayingWhatIsAllowed() {
        Rejection r = rejected("{\"ecmo_config\": \"VA\"}");
        assertThat(r.reason()).isEqualTo(RejectReason.BAD_FIELD_VALUE);
        assertThat(r.detail()).contains("ecmo_config").contains("va, va_central or vv");
        assertThat(rejected("{\"ecmo_config\": \"ecpr\"}").reason()).isEqualTo(RejectReason.BAD_FIELD_VALUE);
        assertThat(rejected("{\"ecmo_config\": 1}").reason()).isEqualTo(RejectReason.BAD_FIELD_VALUE);
    }

    @Test
    void readsTheOxygenatorChangeAsIsoWithAnOffsetOrEpochMilliseconds() {
        long t = Instant.parse("2026-11-21T06:00:00Z").toEpochMilli();
        assertThat(set("{\"oxygenator_changed_at\": \"2026-11-21T07:00:00+01:00\"}").oxygenatorChangedAtMillis())
                .isEqualTo(t);
        assertThat(set("{\"oxygenator_changed_at\": " + t + "}").oxygenatorChangedAtMillis()).isEqualTo(t);
    }

    @Test
    void anOxygenatorChangeUpTo10SecondsAheadIsTakenAndLaterIsRejected() {
        assertThat(set("{\"oxygenator_changed_at\": " + (NOW + 10_000) + "}").oxygenatorChangedAtMillis())
                .isEqualTo(NOW + 10_000);
        Rejection r = rejected("{\"oxygenator_changed_at\": " + (NOW + 10_001) + "}");
        assertThat(r.reason()).isEqualTo(RejectReason.BAD_FIELD_VALUE);
        assertThat(r.detail()).contains("oxygenator_changed_at").contains("future");
    }

    @Test
    void rejectsAnOxygenatorChangeThatIsNotATime() {
        Rejection noOffset = rejected("{\"oxygenator_changed_at\": \"2026-11-21T07:00:00\"}");
        assertThat(noOffset.reason()).isEqualTo(RejectReason.BAD_FIELD_VALUE);
        assertThat(noOffset.detail()).contains("ISO-8601");
        assertThat(rejected("{\"oxygenator_changed_at\": \"yesterday\"}").reason())
                .isEqualTo(RejectReason.BAD_FIELD_VALUE);
        assertThat(rejected("{\"oxygenator_changed_at\": 1.5}").reason()).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejected("{\"oxygenator_changed_at\": true}").reason()).isEqualTo(RejectReason.WRONG_TYPE);
    }

    @Test
    void rejectsEpochSecondsSentForMilliseconds() {
        Rejection r = rejected("{\"oxygenator_changed_at\": " + NOW / 1000 + "}");
        assertThat(r.reason()).isEqualTo(RejectReason.BAD_FIELD_VALUE);
        assertThat(r.detail()).contains("not seconds");
    }

    @Test
    void antiXaBoundsAreWithin0To3Inclusive() {
        assertThat(set("{\"anti_xa_min\": 0}").antiXaMin()).isEqualTo(0.0);
        assertThat(set("{\"anti_xa_max\": 3}").antiXaMax()).isEqualTo(3.0);
        Rejection r = rejected("{\"anti_xa_max\": 3.01}");
        assertThat(r.reason()).isEqualTo(RejectReason.BAD_FIELD_VALUE);
        assertThat(r.detail()).contains("anti_xa_max").contains("0.0 to 3.0");
        assertThat(rejected("{\"anti_xa_min\": -0.1}").reason()).isEqualTo(RejectReason.BAD_FIELD_VALUE);
        assertThat(rejected("{\"anti_xa_min\": \"0.3\"}").reason()).isEqualTo(RejectReason.WRONG_TYPE);
    }

    @Test
    void aRangeTheWrongWayRoundTakesNeitherEndButKeepsTheOtherFields() {
        ParseResult r = parse("{\"anti_xa_min\": 0.7, \"anti_xa_max\": 0.3, \"ecmo_config\": \"vv\"}");
        assertThat(r.rejections()).singleElement().satisfies(x -> {
            assertThat(x.reason()).isEqualTo(RejectReason.BAD_FIELD_VALUE);
            assertThat(x.detail()).contains("'anti_xa_min' (0.7) must be below 'anti_xa_max' (0.3)");
        });
        assertThat(r.contexts()).singleElement().extracting(ContextUpdate::set).isEqualTo(
                new PatientContext(null, null, null, null, null, null, null, null, EcmoConfig.VV, null, null, null));
        assertThat(parse("{\"anti_xa_min\": 0.5, \"anti_xa_max\": 0.5}").rejections()).hasSize(1);
        assertThat(parse("{\"anti_xa_min\": 0.5, \"anti_xa_max\": 0.51}").rejections()).isEmpty();
    }

    @Test
    void oneEndAloneIsTakenAndNullClearsAnyV2Field() {
        assertThat(set("{\"anti_xa_min\": 0.5}").antiXaMin()).isEqualTo(0.5);
        ParseResult r = parse("{\"ecmo_config\": null, \"oxygenator_changed_at\": null, \"anti_xa_min\": null,"
                + " \"anti_xa_max\": null}");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.contexts().get(0).cleared()).containsExactlyInAnyOrder(ContextField.ECMO_CONFIG,
                ContextField.OXYGENATOR_CHANGED_AT, ContextField.ANTI_XA_MIN, ContextField.ANTI_XA_MAX);
        PatientContext before = new PatientContext(80.0, null, null, null, null, null, null, null, EcmoConfig.VV,
                NOW, 0.2, 0.5);
        assertThat(before.apply(r.contexts().get(0).set(), r.contexts().get(0).cleared()))
                .isEqualTo(new PatientContext(80.0, null, null, null, null, null, null, null));
    }

    @Test
    void theLatestValueWinsForV2FieldsAndV1UpdatesKeepThem() {
        PatientContext c = PatientContext.EMPTY
                .apply(new PatientContext(null, null, null, null, null, null, null, null, EcmoConfig.VV, NOW, 0.2,
                        0.5), Set.of())
                .apply(new PatientContext(80.0, CannulaSide.LEFT, null, null, null, null, null, null), Set.of())
                .apply(new PatientContext(null, null, null, null, null, null, null, null, null, null, null, 0.6),
                        Set.of());
        assertThat(c).isEqualTo(new PatientContext(80.0, CannulaSide.LEFT, null, null, null, null, null, null,
                EcmoConfig.VV, NOW, 0.2, 0.6));
    }

    @Test
    void defaultsOfSignalsMdApplyWhenABedHasNone() {
        assertThat(PatientContext.EMPTY.ecmoConfigOrDefault()).isEqualTo(EcmoConfig.VA);
        assertThat(PatientContext.EMPTY.antiXaMinOrDefault()).isEqualTo(0.3);
        assertThat(PatientContext.EMPTY.antiXaMaxOrDefault()).isEqualTo(0.7);
        assertThat(PatientContext.EMPTY.oxygenatorChangedAt()).isEmpty();
        PatientContext set = new PatientContext(null, null, null, null, null, null, null, null, EcmoConfig.VV, null,
                0.2, 0.5);
        assertThat(set.ecmoConfigOrDefault()).isEqualTo(EcmoConfig.VV);
        assertThat(set.antiXaMinOrDefault()).isEqualTo(0.2);
        assertThat(set.antiXaMaxOrDefault()).isEqualTo(0.5);
    }

    @Test
    void theV1ConstructorLeavesTheV2FieldsUnknown() {
        PatientContext v1 = new PatientContext(80.0, CannulaSide.RIGHT, EcmoMode.RUNNING, false, 65.0, 1.5, 68.0,
                70.0);
        assertThat(v1.ecmoConfig()).isNull();
        assertThat(v1.oxygenatorChangedAtMillis()).isNull();
        assertThat(v1.antiXaMin()).isNull();
        assertThat(v1.antiXaMax()).isNull();
    }
}
