package org.ecmomonitor.alerts.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.OptionalLong;
import org.ecmomonitor.ingest.Ids;
import org.ecmomonitor.ingest.ParseResult;
import org.ecmomonitor.ingest.PayloadParser;
import org.ecmomonitor.ingest.Topic;

/**
 * One line of a replay file (contract §2): a sample with its bed and device, or a context change, and optionally
 * {@code receivedAt}, when the live monitor took it (v2). Parsing uses the same validation and unit conversion as
 * live ingest. Without {@code receivedAt} there is no server clock to compare with, so {@code ts} is not checked
 * for being in the future; with it, a {@code ts} more than 10 s after it is {@code future_ts}, as live ingest would
 * have refused it (contract §1).
 */
final class ReplayLine {
    static final String DEFAULT_DEVICE = "replay";
    static final String RECEIVED_AT = "receivedAt";
    /** Contract §1: a sample more than 10 s in the future by the server clock is rejected. */
    private static final long FUTURE_TOLERANCE_MILLIS = 10_000;

    /**
     * A line's accepted items and rejections, and its receipt time.
     *
     * @param receivedAt the line's {@code receivedAt} in epoch ms; empty when the line has none (then each item
     *     was received at its own {@code ts})
     */
    record Parsed(ParseResult result, OptionalLong receivedAt) {
        /** When an item of this line with observation time {@code tsMillis} was received. */
        long receiptOf(long tsMillis) {
            return receivedAt.orElse(tsMillis);
        }
    }

    private final PayloadParser parser;

    /** @param retention a {@code ts} older than this before its line's {@code receivedAt} is {@code old_ts} */
    ReplayLine(java.time.Duration retention) {
        this.parser = new PayloadParser(retention);
    }

    ReplayLine() {
        this(PayloadParser.DEFAULT_MAX_AGE);
    }

    /** The {@link Parsed} line, or a message saying why it is not a replay line at all. */
    Object parse(String line) {
        JsonNode node;
        try {
            node = PayloadParser.readStrict(line);
        } catch (IOException e) {
            return "malformed JSON: " + firstLine(e.getMessage());
        }
        if (node == null || !node.isObject()) {
            return "not a JSON object";
        }
        JsonNode bed = node.get("bed");
        if (bed == null || !bed.isTextual() || !Ids.isValid(bed.textValue())) {
            return "'bed' must be an id matching [A-Za-z0-9_.-]{1,64}";
        }
        JsonNode context = node.get("context");
        if (context != null) {
            if (!context.isObject()) {
                return "'context' must be a JSON object";
            }
            ObjectNode ctx = ((ObjectNode) context).deepCopy();
            if (!ctx.has("ts")) {
                if (!node.has("ts")) {
                    return "a context line needs 'ts'";
                }
                ctx.set("ts", node.get("ts"));
            }
            // like ts, receivedAt may sit inside the context object; it is the line's, not a context field
            JsonNode receivedNode = ctx.has(RECEIVED_AT) ? ctx.remove(RECEIVED_AT) : node.get(RECEIVED_AT);
            Object received = receivedAt(receivedNode);
            if (received instanceof String problem) {
                return problem;
            }
            OptionalLong receivedAt = (OptionalLong) received;
            return new Parsed(parser.parseContext(bed.textValue(), ctx, Long.MIN_VALUE, notBefore(receivedAt),
                    notAfter(receivedAt)),
                    receivedAt);
        }
        JsonNode device = node.get("device");
        String dev = DEFAULT_DEVICE;
        if (device != null) {
            if (!device.isTextual() || !Ids.isValid(device.textValue()) || Topic.CONTEXT.equals(device.textValue())) {
                return "'device' must be an id matching [A-Za-z0-9_.-]{1,64}";
            }
            dev = device.textValue();
        }
        Object received = receivedAt(node.get(RECEIVED_AT));
        if (received instanceof String problem) {
            return problem;
        }
        OptionalLong receivedAt = (OptionalLong) received;
        return new Parsed(parser.parseSample(new Topic(bed.textValue(), dev), node, Map.of(), notBefore(receivedAt),
                notAfter(receivedAt)), receivedAt);
    }

    /**
     * Reads {@code receivedAt} under the rules of {@code ts} (contract §1: ISO-8601 with an offset, or integer epoch
     * milliseconds): an {@link OptionalLong}, empty when absent or null (as for the other optional fields), or a
     * problem in the form of a rejection of {@code ts} ({@code bad_ts: ...}).
     */
    private static Object receivedAt(JsonNode node) {
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (node.isTextual()) {
            try {
                return OptionalLong.of(OffsetDateTime.parse(node.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant().toEpochMilli());
            } catch (DateTimeParseException | ArithmeticException e) {
                return "bad_ts: '" + RECEIVED_AT + "' must be ISO-8601 with an offset or epoch milliseconds, got '"
                        + clip(node.textValue()) + "'";
            }
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return OptionalLong.of(node.longValue());
        }
        return "bad_ts: '" + RECEIVED_AT + "' must be ISO-8601 text or integer epoch milliseconds, got "
                + clip(node.toString());
    }

    /** As live ingest, relative to the line's receipt; without {@code receivedAt} there is no server clock. */
    private long notBefore(OptionalLong receivedAt) {
        return receivedAt.isEmpty() ? Long.MIN_VALUE : parser.notBefore(receivedAt.getAsLong());
    }

    private static long notAfter(OptionalLong receivedAt) {
        if (receivedAt.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long r = receivedAt.getAsLong();
        return r > Long.MAX_VALUE - FUTURE_TOLERANCE_MILLIS ? Long.MAX_VALUE : r + FUTURE_TOLERANCE_MILLIS;
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
