package org.ecmomonitor.ingest;

/**
 * A listener could not bind its address (another program, perhaps another monitor, holds the port): which address
 * and port, so that the start-up error can say which key to change.
 */
public final class ListenFailure extends RuntimeException {
    private final String listener;
    private final int port;

    public ListenFailure(String listener, String bind, int port, Throwable cause) {
        super("cannot listen for " + listener + " on " + bind + ":" + port + " (" + cause.getMessage() + ")", cause);
        this.listener = listener;
        this.port = port;
    }

    /** {@code mqtt}, {@code mqtts}, {@code http} or {@code https}. */
    public String listener() {
        return listener;
    }

    public int port() {
        return port;
    }

    /** Throws a ListenFailure when {@code e} is (or wraps) a failure to bind; else returns. */
    public static void rethrowIfBind(String listener, String bind, int port, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                throw new ListenFailure(listener, bind, port, t);
            }
        }
    }
}
