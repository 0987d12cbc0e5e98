package org.ecmomonitor.dashboards.http;

import io.netty.channel.Channel;
import org.ecmomonitor.dashboards.auth.Session;

/** Told about every WebSocket that completed its handshake on {@code /ws}, with the session that opened it. */
public interface WebSocketHub {
    /** @param values false when the client asked for alert events only ({@code /ws?values=none}) */
    void opened(Channel channel, Session session, boolean values);
}
