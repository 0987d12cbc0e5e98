package org.ecmomonitor.ingest.tls;

import java.util.Objects;

/**
 * A listener that speaks TLS only.
 *
 * @param port 0 for a free port
 */
public record TlsListener(int port, ServerTls tls) {
    public TlsListener {
        Objects.requireNonNull(tls, "tls");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("TLS port must be within 0..65535");
        }
    }
}
