package org.ecmomonitor.ingest.tls;

import java.nio.file.Path;

/**
 * The TLS material cannot be used: names which file (so that configuration can name its key) and why, never the
 * key's content or its password.
 */
public final class TlsException extends Exception {
    /** Which of the configured files is at fault. */
    public enum Which { CERTIFICATE, KEY, CLIENT_CA }

    private final Which which;
    private final Path file;

    TlsException(Which which, Path file, String reason) {
        super(reason);
        this.which = which;
        this.file = file;
    }

    public Which which() {
        return which;
    }

    public Path file() {
        return file;
    }
}
