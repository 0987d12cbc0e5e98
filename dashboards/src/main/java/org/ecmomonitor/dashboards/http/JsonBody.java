package org.ecmomonitor.dashboards.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.ecmomonitor.ingest.PayloadParser;

/**
 * A request body that must be one JSON object with known fields, read under the device payloads' strict rules
 * (no duplicate keys). Its content type must be JSON: a cross-site HTML form cannot send that without the
 * browser's permission check, which is one more guard against request forgery.
 *
 * @param object the body when it is acceptable
 * @param error the 4xx reply otherwise
 */
public record JsonBody(ObjectNode object, HttpReply error) {

    public static JsonBody read(Call call, Set<String> allowedFields) {
        String type = call.request().headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return new JsonBody(null, Json.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "the body must be JSON (Content-Type: application/json)"));
        }
        JsonNode body;
        try {
            body = PayloadParser.readStrict(call.body());
        } catch (IOException e) {
            return new JsonBody(null, Json.badRequest("the body is not valid JSON"));
        }
        if (body == null || !body.isObject()) {
            return new JsonBody(null, Json.badRequest("the body must be a JSON object"));
        }
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowedFields.contains(n)) {
                return new JsonBody(null, Json.badRequest("unknown field '" + n + "'; allowed: "
                        + new TreeSet<>(allowedFields)));
            }
        }
        return new JsonBody((ObjectNode) body, null);
    }

    public boolean ok() {
        return error == null;
    }

    /** The field's text, or null when absent or JSON null; throws {@link BadField} when it is not text. */
    public String text(String field) throws BadField {
        JsonNode n = object.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new BadField("'" + field + "' must be text");
        }
        return n.textValue();
    }

    public Boolean bool(String field) throws BadField {
        JsonNode n = object.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw new BadField("'" + field + "' must be true or false");
        }
        return n.booleanValue();
    }

    /** A field of the wrong type; its message is the 400's. */
    public static final class BadField extends Exception {
        public BadField(String message) {
            super(message, null, false, false);
        }

        public HttpReply reply() {
            return Json.badRequest(getMessage());
        }
    }

}
