package org.ecmomonitor.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.ecmomonitor.dashboards.http.HttpReply;

/** JSON replies: a body, or {@code {"error": "..."}} with a 4xx status that says what was wrong. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static HttpReply ok(JsonNode body) throws JsonProcessingException {
        return new HttpReply(HttpResponseStatus.OK, "application/json", MAPPER.writeValueAsBytes(body));
    }

    static HttpReply reply(HttpResponseStatus status, JsonNode body) throws JsonProcessingException {
        return new HttpReply(status, "application/json", MAPPER.writeValueAsBytes(body));
    }

    static HttpReply error(HttpResponseStatus status, String message) throws JsonProcessingException {
        return new HttpReply(status, "application/json",
                MAPPER.writeValueAsBytes(MAPPER.createObjectNode().put("error", message)));
    }
}
