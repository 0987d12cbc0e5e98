package org.ecmomonitor.dashboards.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A complete response: status, content type, body, and headers a route adds (Set-Cookie, Location). A header
 * may repeat (several cookies), hence a list per name.
 */
public record HttpReply(HttpResponseStatus status, String contentType, byte[] body,
                        Map<String, List<String>> headers) {

    public HttpReply {
        headers = Map.copyOf(headers);
    }

    public HttpReply(HttpResponseStatus status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    public static HttpReply text(HttpResponseStatus status, String contentType, String body) {
        return new HttpReply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpReply noContent() {
        return new HttpReply(HttpResponseStatus.NO_CONTENT, "text/plain", new byte[0]);
    }

    /** A 303 to a page of ours (after sign-in, or to the sign-in page). */
    public static HttpReply seeOther(String location) {
        return text(HttpResponseStatus.SEE_OTHER, "text/plain", "see " + location + "\n")
                .withHeader("Location", location);
    }

    public HttpReply withHeader(String name, String value) {
        Map<String, List<String>> h = new LinkedHashMap<>(headers);
        h.merge(name, List.of(value), (a, b) -> {
            List<String> both = new java.util.ArrayList<>(a);
            both.addAll(b);
            return both;
        });
        return new HttpReply(status, contentType, body, h);
    }
}
