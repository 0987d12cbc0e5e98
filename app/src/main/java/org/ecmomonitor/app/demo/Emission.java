package org.ecmomonitor.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What one device of a bed sends at one instant: a batch of samples, a context change, or a garbage payload.
 *
 * @param tsMillis the observation time (epoch ms)
 * @param items the samples (contract §1 sample objects) or the one context object; empty for garbage
 * @param garbage the raw text a broken device sends, or null
 */
public record Emission(long tsMillis, String device, List<ObjectNode> items, String garbage) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Emission {
        items = List.copyOf(items);
    }

    public boolean isContext() {
        return device.equals("context");
    }

    /** The MQTT payload: one sample, a {@code {"samples": [...]}} batch, a context object, or the garbage. */
    public byte[] payload() {
        if (garbage != null) {
            return garbage.getBytes(StandardCharsets.UTF_8);
        }
        if (items.size() == 1) {
            return items.get(0).toString().getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode batch = JSON.createObjectNode();
        ArrayNode a = batch.putArray("samples");
        items.forEach(a::add);
        return batch.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The same data as replay lines (contract §2): one per sample, with its bed and device. */
    public List<String> replayLines(String bed) {
        List<String> out = new ArrayList<>();
        if (garbage != null) {
            try {
                var parsed = JSON.readTree(garbage);
                if (parsed instanceof ObjectNode o) {
                    ObjectNode line = JSON.createObjectNode().put("bed", bed).put("device", device);
                    line.setAll(o);
                    out.add(line.toString());
                    return out;
                }
            } catch (java.io.IOException e) {
                // not JSON: replay gets the bytes as they are, and reports the line
            }
            out.add(garbage);
            return out;
        }
        if (isContext()) {
            ObjectNode c = items.get(0).deepCopy();
            ObjectNode line = JSON.createObjectNode().put("bed", bed);
            line.set("ts", c.remove("ts"));
            line.set("context", c);
            out.add(line.toString());
            return out;
        }
        for (ObjectNode s : items) {
            ObjectNode line = JSON.createObjectNode().put("bed", bed).put("device", device);
            line.setAll(s);
            out.add(line.toString());
        }
        return out;
    }
}
