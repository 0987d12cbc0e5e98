package org.ecmomonitor.alerts.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import org.ecmomonitor.ingest.Ids;
import org.ecmomonitor.ingest.ParseResult;
import org.ecmomonitor.ingest.PayloadParser;
import org.ecmomonitor.ingest.Topic;

/**
 * One line of a replay file (contract §2): a sample with its bed and device, or a context change. Parsing uses
 * the same validation and unit conversion as live ingest, without the future-time check (the clock is the
 * data's own).
 */
final class ReplayLine {
    static final String DEFAULT_DEVICE = "replay";

    private final PayloadParser parser = new PayloadParser();

    /** The parse result of the line, or a message saying why it is not a replay line at all. */
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
            return parser.parseContext(bed.textValue(), ctx, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        JsonNode device = node.get("device");
        String dev = DEFAULT_DEVICE;
        if (device != null) {
            if (!device.isTextual() || !Ids.isValid(device.textValue()) || Topic.CONTEXT.equals(device.textValue())) {
                return "'device' must be an id matching [A-Za-z0-9_.-]{1,64}";
            }
            dev = device.textValue();
        }
        ParseResult r = parser.parseSample(new Topic(bed.textValue(), dev), node, Map.of(), Long.MAX_VALUE);
        return r;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
