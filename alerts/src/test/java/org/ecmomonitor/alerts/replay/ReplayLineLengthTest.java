package org.ecmomonitor.alerts.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 14: a 100 MB replay line was read whole into memory; a line past the bound is skipped and counted. */
class ReplayLineLengthTest {
    private static String sample(String ts, int value, String padding) {
        return "{\"bed\": \"B1\", \"device\": \"console\", \"ts\": \"" + ts + "\", \"signal\": \"map\", \"value\": "
                + value + ", \"unit\": \"mmHg\"" + padding + "}";
    }

    /** {@code head}, then a line of {@code chars} characters made as it is read (never held whole), then {@code tail}. */
    private static Reader withHugeLine(String head, long chars, String tail) {
        Reader huge = new Reader() {
            private long left = chars;

            @Override
            public int read(char[] cbuf, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(cbuf, off, off + n, 'x');
                left -= n;
                return n;
            }

            @Override
            public void close() {
            }
        };
        return new Reader() {
            private final List<Reader> parts = List.of(new StringReader(head), huge, new StringReader(tail));
            private int at;

            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                while (at < parts.size()) {
                    int n = parts.get(at).read(cbuf, off, len);
                    if (n > 0) {
                        return n;
                    }
                    at++;
                }
                return -1;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aLineLongerThanTheBoundIsSkippedWithItsNumberAndTheNextLinesArePlayed() throws Exception {
        String longLine = sample("2026-11-21T08:00:01Z", 61, ", \"note\": \"" + "y".repeat(300) + "\"");
        String text = sample("2026-11-21T08:00:00Z", 60, "") + "\n" + longLine + "\r\n"
                + sample("2026-11-21T08:00:02Z", 62, "") + "\n";
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Replay.Input in;
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            in = new Replay(Map.of()).read(new StringReader(text), e, 200);
        }
        assertThat(in.linesRead()).isEqualTo(3);
        assertThat(in.rejected()).isEqualTo(1);
        assertThat(in.items()).extracting(Replay.Item::line).containsExactly(1, 3);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("line 2: longer than 200 characters (" + longLine.length() + "), skipped");
    }

    @Test
    void aLineOfHundredsOfMegabytesIsReadThroughWithoutHoldingIt() throws Exception {
        long chars = 300L * 1024 * 1024;
        Reader input = withHugeLine(sample("2026-11-21T08:00:00Z", 60, "") + "\n{\"bed\": \"B1\", \"pad\": \"",
                chars, "\n" + sample("2026-11-21T08:00:02Z", 62, "") + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Replay.Summary s;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            s = new Replay(Map.of()).run(input, o, e);
        }
        assertThat(s.linesRead()).isEqualTo(3);
        assertThat(s.rejected()).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("line 2: longer than " + BoundedLines.MAX_LINE_CHARS + " characters");
    }

    @Test
    void readsLinesEndedByLfCrOrCrLfAndALastLineWithoutAnEnd() throws Exception {
        BoundedLines lines = new BoundedLines(new StringReader("a\nbb\r\ncc\rdd\n\nlast"), 10);
        assertThat(List.of(lines.next(), lines.next(), lines.next(), lines.next(), lines.next(), lines.next()))
                .containsExactly(new BoundedLines.Text("a"), new BoundedLines.Text("bb"), new BoundedLines.Text("cc"),
                        new BoundedLines.Text("dd"), new BoundedLines.Text(""), new BoundedLines.Text("last"));
        assertThat(lines.next()).isNull();
        BoundedLines bounded = new BoundedLines(new StringReader("12345\n123456\n"), 5);
        assertThat(bounded.next()).isEqualTo(new BoundedLines.Text("12345"));
        assertThat(bounded.next()).isEqualTo(new BoundedLines.TooLong(6));
        assertThat(bounded.next()).isNull();
    }
}
