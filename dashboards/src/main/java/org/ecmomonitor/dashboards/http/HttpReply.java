package org.ecmomonitor.dashboards.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** A complete response: status, content type and body. */
public record HttpReply(HttpResponseStatus status, String contentType, byte[] body) {
    public static HttpReply text(HttpResponseStatus status, String contentType, String body) {
        return new HttpReply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
