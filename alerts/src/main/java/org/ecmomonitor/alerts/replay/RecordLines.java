package org.ecmomonitor.alerts.replay;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.ecmomonitor.ingest.ContextField;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Quality;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Specimen;
import org.ecmomonitor.ingest.WireNamed;

/**
 * Replay lines (contract §2) as the recorder writes them, each ending in a newline: times as epoch milliseconds,
 * values in the canonical unit (so that reading them back converts nothing), and the optional fields only where
 * they differ from their defaults. {@link ReplayLine} reads every such line back to an equal sample or context
 * change; only the value and unit as the device sent them are not kept (the sample store has them).
 */
final class RecordLines {
    private static final JsonFactory JSON = new JsonFactory();

    private RecordLines() {
    }

    /** {@code {"bed","device","ts","receivedAt","signal","value","unit"}} and quality, status, specimen. */
    static byte[] sample(Sample s, long receivedMillis) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("bed", s.bed());
            g.writeStringField("device", s.device());
            g.writeNumberField("ts", s.tsMillis());
            g.writeNumberField(ReplayLine.RECEIVED_AT, receivedMillis);
            g.writeStringField("signal", s.signal().wireName());
            g.writeNumberField("value", s.value());
            if (s.signal().canonicalUnit().isPresent()) {
                g.writeStringField("unit", s.signal().canonicalUnit().get());
            }
            if (s.quality() != Quality.OK) {
                g.writeStringField("quality", s.quality().wireName());
            }
            if (s.status() != LabStatus.FINAL) {
                g.writeStringField("status", s.status().wireName());
            }
            if (s.specimen() != Specimen.UNKNOWN) {
                g.writeStringField("specimen", s.specimen().wireName());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    /** {@code {"bed","ts","receivedAt","context":{field: value, cleared field: null}}}, fields in enum order. */
    static byte[] context(String bed, long tsMillis, long receivedMillis, PatientContext set,
                          Set<ContextField> cleared) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("bed", bed);
            g.writeNumberField("ts", tsMillis);
            g.writeNumberField(ReplayLine.RECEIVED_AT, receivedMillis);
            g.writeObjectFieldStart("context");
            for (ContextField f : ContextField.values()) {
                Object value = valueOf(set, f);
                if (cleared.contains(f)) {
                    g.writeNullField(f.wireName());
                } else if (value instanceof Double d) {
                    g.writeNumberField(f.wireName(), d);
                } else if (value instanceof Long l) {
                    g.writeNumberField(f.wireName(), l);
                } else if (value instanceof Boolean b) {
                    g.writeBooleanField(f.wireName(), b);
                } else if (value instanceof WireNamed w) {
                    g.writeStringField(f.wireName(), w.wireName());
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    /**
     * The context's value of a field, or null. Deliberately without a default branch: a field added to the contract
     * does not compile until it is recorded too.
     */
    private static Object valueOf(PatientContext c, ContextField f) {
        return switch (f) {
            case WEIGHT_KG -> c.weightKg();
            case ARTERIAL_CANNULA_SIDE -> c.arterialCannulaSide();
            case ECMO_MODE -> c.ecmoMode();
            case CRRT -> c.crrt();
            case MAP_TARGET -> c.mapTarget();
            case ECMO_FLOW_MIN -> c.ecmoFlowMin();
            case NIRS_BASELINE_LEFT -> c.nirsBaselineLeft();
            case NIRS_BASELINE_RIGHT -> c.nirsBaselineRight();
            case ECMO_CONFIG -> c.ecmoConfig();
            case OXYGENATOR_CHANGED_AT -> c.oxygenatorChangedAtMillis();
            case ANTI_XA_MIN -> c.antiXaMin();
            case ANTI_XA_MAX -> c.antiXaMax();
        };
    }
}
