package org.ecmomonitor.ingest;

/** The time-series store could not do what was asked; nothing was made durable. */
public class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
