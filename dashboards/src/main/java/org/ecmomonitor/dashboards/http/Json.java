package org.ecmomonitor.dashboards.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;

/** JSON replies: a body, or {@code {"error": "..."}} with a 4xx status that says what was wrong. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static HttpReply ok(JsonNode body) throws JsonProcessingException {
        return new HttpReply(HttpResponseStatus.OK, "application/json", MAPPER.writeValueAsBytes(body));
    }

    public static HttpReply reply(HttpResponseStatus status, JsonNode body) throws JsonProcessingException {
        return new HttpReply(status, "application/json", MAPPER.writeValueAsBytes(body));
    }

    public static HttpReply error(HttpResponseStatus status, String message) {
        try {
            return new HttpReply(status, "application/json",
                    MAPPER.writeValueAsBytes(MAPPER.createObjectNode().put("error", message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON error", e);
        }
    }

    public static HttpReply badRequest(String message) {
        return error(HttpResponseStatus.BAD_REQUEST, message);
    }
}
