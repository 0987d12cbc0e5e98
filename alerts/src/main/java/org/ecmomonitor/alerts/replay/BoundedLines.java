package org.ecmomonitor.alerts.replay;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (ended by LF, CR or CR LF) keeping at most {@code maxChars} of each in memory: a longer line is read
 * through to its end and reported by its length only (issue 14: a 100 MB replay line was read whole into memory).
 */
final class BoundedLines {
    /** Replay lines are one sample or context change: a few hundred characters; 1 Mi is far past any real one. */
    static final int MAX_LINE_CHARS = 1 << 20;

    /** A line read: its text, or, when it was longer than the bound, only how long it was. */
    sealed interface Line permits Text, TooLong {
    }

    record Text(String text) implements Line {
    }

    record TooLong(long chars) implements Line {
    }

    private final Reader in;
    private final int maxChars;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private boolean skipLf;

    BoundedLines(Reader in, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive, got " + maxChars);
        }
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line, or null at the end of the input. */
    Line next() throws IOException {
        StringBuilder text = new StringBuilder();
        long length = 0;
        boolean started = false;
        while (true) {
            if (pos == len) {
                int n = in.read(buf, 0, buf.length);
                pos = 0;
                len = Math.max(n, 0);
                if (n < 0) {
                    return started ? line(text, length) : null;
                }
                continue;
            }
            char c = buf[pos++];
            if (skipLf) {
                skipLf = false;
                if (c == '\n') {
                    continue;
                }
            }
            started = true;
            if (c == '\n' || c == '\r') {
                skipLf = c == '\r';
                return line(text, length);
            }
            length++;
            if (length <= maxChars) {
                text.append(c);
            }
        }
    }

    private Line line(StringBuilder text, long length) {
        return length > maxChars ? new TooLong(length) : new Text(text.toString());
    }
}
