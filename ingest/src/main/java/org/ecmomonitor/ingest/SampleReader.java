package org.ecmomonitor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Reads one sample object of contract §1 into a canonical {@link Sample}, or one {@link Rejection}. */
final class SampleReader {

    void read(Topic topic, JsonNode item, int index, Map<String, Signal> aliases, long notBeforeMillis,
              long notAfterMillis, List<Sample> accepted, List<Rejection> rejected) {
        Object result = readOne(topic, item, index, aliases, notBeforeMillis, notAfterMillis);
        if (result instanceof Sample s) {
            accepted.add(s);
        } else {
            rejected.add((Rejection) result);
        }
    }

    private Object readOne(Topic topic, JsonNode item, int index, Map<String, Signal> aliases,
                           long notBeforeMillis, long notAfterMillis) {
        if (item == null || !item.isObject()) {
            return Fields.at(index, RejectReason.NOT_AN_OBJECT, "a sample must be a JSON object");
        }
        JsonNode signalNode = item.get("signal");
        if (signalNode == null || signalNode.isNull()) {
            return Fields.at(index, RejectReason.MISSING_FIELD, "'signal' is required");
        }
        if (!signalNode.isTextual()) {
            return Fields.at(index, RejectReason.WRONG_TYPE, "'signal' must be a string");
        }
        String name = signalNode.textValue();
        Signal signal = aliases.get(name);
        if (signal == null) {
            signal = Signal.byWireName(name).orElse(null);
        }
        if (signal == null) {
            return Fields.at(index, RejectReason.UNKNOWN_SIGNAL,
                    "unknown signal '" + Fields.clip(name) + "' (not canonical and no alias for it in the feed)");
        }
        JsonNode valueNode = item.get("value");
        if (valueNode == null || valueNode.isNull()) {
            return Fields.at(index, RejectReason.MISSING_FIELD, "'value' is required for " + signal);
        }
        if (!valueNode.isNumber()) {
            return Fields.at(index, RejectReason.WRONG_TYPE,
                    "'value' must be a number, got " + Fields.clip(valueNode.toString()));
        }
        double raw = valueNode.doubleValue();
        if (!Double.isFinite(raw)) {
            return Fields.at(index, RejectReason.NOT_FINITE, "'value' must be finite, got " + raw);
        }
        TimestampReader.Result ts = TimestampReader.read(item.get("ts"), notBeforeMillis, notAfterMillis);
        if (ts.rejection() != null) {
            return Fields.at(index, ts.rejection().reason(), ts.rejection().detail());
        }
        JsonNode unitNode = item.get("unit");
        String unit = null;
        double factor = 1.0;
        if (unitNode != null && !unitNode.isNull()) {
            if (!unitNode.isTextual()) {
                return Fields.at(index, RejectReason.WRONG_TYPE, "'unit' must be a string");
            }
            unit = unitNode.textValue();
            Double f = signal.factorFor(unit).orElse(null);
            if (f == null) {
                return Fields.at(index, RejectReason.UNKNOWN_UNIT,
                        "unit '" + Fields.clip(unit) + "' is not accepted for " + signal);
            }
            factor = f;
        } else if (signal.requiresUnit()) {
            return Fields.at(index, RejectReason.MISSING_UNIT,
                    "'unit' is required for " + signal + " (canonical " + signal.canonicalUnit().orElseThrow() + ")");
        }
        double value = signal.toCanonical(raw, factor);
        if (!signal.isPossible(value)) {
            return Fields.at(index, RejectReason.OUT_OF_RANGE, signal + " " + value
                    + " is outside what a device can report (" + signal.hardMin() + " to " + signal.hardMax() + ")");
        }
        Quality quality = enumField(item, "quality", Quality.class, Quality.OK);
        LabStatus status = enumField(item, "status", LabStatus.class, LabStatus.FINAL);
        Specimen specimen = enumField(item, "specimen", Specimen.class, Specimen.UNKNOWN);
        if (quality == null || status == null || specimen == null) {
            return Fields.at(index, RejectReason.BAD_FIELD_VALUE, badEnumDetail(item));
        }
        boolean artifact = quality != Quality.OK || !signal.isPlausible(value);
        return new Sample(topic.bed(), topic.device(), signal, ts.millis(), value, quality, artifact, status,
                specimen, raw, unit);
    }

    /** The enum constant named by the field, the default when absent, or null when it names nothing we know. */
    private static <E extends Enum<E> & WireNamed> E enumField(JsonNode item, String field, Class<E> type,
                                                                E absent) {
        JsonNode node = item.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isTextual()) {
            return null;
        }
        return WireNamed.byWireName(type, node.textValue()).orElse(null);
    }

    private static String badEnumDetail(JsonNode item) {
        StringBuilder sb = new StringBuilder();
        check(sb, item, "quality", Quality.class);
        check(sb, item, "status", LabStatus.class);
        check(sb, item, "specimen", Specimen.class);
        return sb.toString();
    }

    private static <E extends Enum<E> & WireNamed> void check(StringBuilder sb, JsonNode item, String field,
                                                              Class<E> type) {
        JsonNode node = item.get(field);
        if (node != null && !node.isNull()
                && (!node.isTextual() || WireNamed.byWireName(type, node.textValue()).isEmpty())) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append("'").append(field).append("' cannot be ").append(Fields.clip(node.toString()));
        }
    }
}
