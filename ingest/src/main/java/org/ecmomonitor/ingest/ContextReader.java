package org.ecmomonitor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a context message (contract §1). Each field is checked on its own: a bad field is rejected and the good
 * ones still apply, so one typo does not lose a cannula side. JSON null clears a field; unknown fields are
 * rejected so that a misspelt {@code map_targt} is seen, not silently ignored.
 */
final class ContextReader {

    ParseResult read(String bed, JsonNode root, long defaultTsMillis, long notBeforeMillis, long notAfterMillis) {
        if (root == null || !root.isObject()) {
            return ParseResult.rejected(Rejection.ofMessage(RejectReason.NOT_AN_OBJECT,
                    "a context must be a JSON object"));
        }
        List<Rejection> rejections = new ArrayList<>();
        long ts = defaultTsMillis;
        JsonNode tsNode = root.get("ts");
        if (tsNode != null && !tsNode.isNull()) {
            TimestampReader.Result r = TimestampReader.read(tsNode, notBeforeMillis, notAfterMillis);
            if (r.rejection() != null) {
                return ParseResult.rejected(r.rejection());
            }
            ts = r.millis();
        }
        Builder b = new Builder(notAfterMillis);
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("ts")) {
                continue;
            }
            ContextField field = WireNamed.byWireName(ContextField.class, e.getKey()).orElse(null);
            if (field == null) {
                rejections.add(Rejection.ofMessage(RejectReason.BAD_FIELD_VALUE,
                        "unknown context field '" + Fields.clip(e.getKey()) + "'"));
                continue;
            }
            String problem = b.set(field, e.getValue());
            if (problem != null) {
                rejections.add(Rejection.ofMessage(
                        problem.startsWith("type:") ? RejectReason.WRONG_TYPE : RejectReason.BAD_FIELD_VALUE,
                        problem.startsWith("type:") ? problem.substring(5) : problem));
            }
        }
        Rejection range = b.checkAntiXaRange();
        if (range != null) {
            rejections.add(range);
        }
        if (b.isEmpty()) {
            return new ParseResult(List.of(), List.of(), rejections);
        }
        return new ParseResult(List.of(), List.of(new ContextUpdate(bed, ts, b.build(), b.cleared)), rejections);
    }

    /** Collects valid fields; {@link #set} returns a problem description, or null when the field was taken. */
    private static final class Builder {
        /**
         * An oxygenator change before 2000 is no ECMO run of ours: most likely epoch seconds sent for milliseconds
         * (1763712000 read as milliseconds is January 1970), which would silently never restart the baseline.
         */
        private static final long EARLIEST_OXYGENATOR_CHANGE = 946_684_800_000L;

        private final long notAfterMillis;
        private Double weightKg;
        private CannulaSide side;
        private EcmoMode mode;
        private Boolean crrt;
        private Double mapTarget;
        private Double flowMin;
        private Double baselineLeft;
        private Double baselineRight;
        private EcmoConfig config;
        private Long oxygenatorChangedAt;
        private Double antiXaMin;
        private Double antiXaMax;
        private final Set<ContextField> cleared = EnumSet.noneOf(ContextField.class);

        Builder(long notAfterMillis) {
            this.notAfterMillis = notAfterMillis;
        }

        String set(ContextField field, JsonNode v) {
            if (v.isNull()) {
                cleared.add(field);
                return null;
            }
            switch (field) {
                case ARTERIAL_CANNULA_SIDE -> {
                    side = textEnum(v, CannulaSide.class);
                    return side == null ? badValue(field, v, "left or right") : null;
                }
                case ECMO_MODE -> {
                    mode = textEnum(v, EcmoMode.class);
                    return mode == null
                            ? badValue(field, v, "running, standby, priming, weaning_trial or off") : null;
                }
                case ECMO_CONFIG -> {
                    config = textEnum(v, EcmoConfig.class);
                    return config == null ? badValue(field, v, "va, va_central or vv") : null;
                }
                case OXYGENATOR_CHANGED_AT -> {
                    return setOxygenatorChangedAt(v);
                }
                case CRRT -> {
                    if (!v.isBoolean()) {
                        return "type:'crrt' must be true or false, got " + Fields.clip(v.toString());
                    }
                    crrt = v.booleanValue();
                    return null;
                }
                default -> {
                    if (!v.isNumber()) {
                        return "type:'" + field.wireName() + "' must be a number, got " + Fields.clip(v.toString());
                    }
                    double d = v.doubleValue();
                    if (!Double.isFinite(d) || !field.inRange(d)) {
                        return "'" + field.wireName() + "' must be within " + field.min() + " to " + field.max()
                                + ", got " + Fields.clip(v.toString());
                    }
                    assign(field, d);
                    return null;
                }
            }
        }

        private void assign(ContextField field, double d) {
            switch (field) {
                case WEIGHT_KG -> weightKg = d;
                case MAP_TARGET -> mapTarget = d;
                case ECMO_FLOW_MIN -> flowMin = d;
                case NIRS_BASELINE_LEFT -> baselineLeft = d;
                case NIRS_BASELINE_RIGHT -> baselineRight = d;
                case ANTI_XA_MIN -> antiXaMin = d;
                case ANTI_XA_MAX -> antiXaMax = d;
                default -> throw new IllegalStateException("not a numeric context field: " + field);
            }
        }

        private String setOxygenatorChangedAt(JsonNode v) {
            Long millis;
            if (v.isTextual()) {
                millis = TimestampReader.isoMillis(v.textValue());
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                millis = v.longValue();
            } else {
                return "type:'oxygenator_changed_at' must be ISO-8601 text or integer epoch milliseconds, got "
                        + Fields.clip(v.toString());
            }
            if (millis == null) {
                return "'oxygenator_changed_at' must be ISO-8601 with an offset or epoch milliseconds, got "
                        + Fields.clip(v.toString());
            }
            if (millis < EARLIEST_OXYGENATOR_CHANGE) {
                return "'oxygenator_changed_at' must be after 2000-01-01 (epoch milliseconds, not seconds), got "
                        + Fields.clip(v.toString());
            }
            if (millis > notAfterMillis) {
                return "'oxygenator_changed_at' " + Instant.ofEpochMilli(millis) + " is in the future";
            }
            oxygenatorChangedAt = millis;
            return null;
        }

        /**
         * signals.md v2: the anti-Xa target range must be a range. When one message sets both ends the wrong way
         * round, neither is taken (which end is the typo cannot be known); the message's other fields still apply.
         */
        Rejection checkAntiXaRange() {
            if (antiXaMin == null || antiXaMax == null || antiXaMin < antiXaMax) {
                return null;
            }
            Rejection r = Rejection.ofMessage(RejectReason.BAD_FIELD_VALUE, "'anti_xa_min' (" + antiXaMin
                    + ") must be below 'anti_xa_max' (" + antiXaMax + "): the range was not changed");
            antiXaMin = null;
            antiXaMax = null;
            return r;
        }

        boolean isEmpty() {
            return cleared.isEmpty() && build().equals(PatientContext.EMPTY);
        }

        PatientContext build() {
            return new PatientContext(weightKg, side, mode, crrt, mapTarget, flowMin, baselineLeft, baselineRight,
                    config, oxygenatorChangedAt, antiXaMin, antiXaMax);
        }

        private static <E extends Enum<E> & WireNamed> E textEnum(JsonNode v, Class<E> type) {
            return v.isTextual() ? WireNamed.byWireName(type, v.textValue()).orElse(null) : null;
        }

        private static String badValue(ContextField field, JsonNode v, String allowed) {
            return "'" + field.wireName() + "' must be " + allowed + ", got " + Fields.clip(v.toString());
        }
    }
}
