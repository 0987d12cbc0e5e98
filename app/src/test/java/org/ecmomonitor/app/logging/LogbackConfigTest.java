package org.ecmomonitor.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jar's own logback.xml, configured as at start, with what a hostile device may put in a log message. */
class LogbackConfigTest {
    private static final String FORGED = "B3\r\n12:00:00.000 INFO  [main] Monitor - alarms switched off by admin";

    private static String logThroughTheJarsConfig(java.util.function.Consumer<Logger> writes) throws Exception {
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(ctx);
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            configurator.doConfigure(LogbackConfigTest.class.getResource("/logback.xml"));
            writes.accept(ctx.getLogger("org.ecmomonitor.ingest.IngestPipeline"));
            List<Status> errors = ctx.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getLevel() >= Status.WARN).toList();
            assertThat(errors).as("logback.xml loads and writes without warnings").isEmpty();
            ctx.stop();
        } finally {
            System.setErr(stderr);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aDeviceIdWithCrLfComesOutAsOneLogLine() throws Exception {
        String out = logThroughTheJarsConfig(log -> log.warn("feed {} on bed {} refused", "pump\u001b[2J", FORGED));
        assertThat(out.lines()).hasSize(1);
        assertThat(out).contains("bed B3\\r\\n12:00:00.000 INFO").contains("pump\\u001b[2J")
                .doesNotContain("\u001b").doesNotContain("\r");
    }

    @Test
    void anExceptionMessageQuotingADeviceIsEscapedWhileItsStackTraceKeepsOneFrameALine() throws Exception {
        String out = logThroughTheJarsConfig(log -> log.error("store failed",
                new IllegalStateException("bad topic icu/" + FORGED, new RuntimeException("cause\u0085\u2028x"))));
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).contains("store failed");
        assertThat(lines.get(1)).isEqualTo("java.lang.IllegalStateException: bad topic icu/B3\\r\\n12:00:00.000 INFO"
                + "  [main] Monitor - alarms switched off by admin");
        assertThat(lines).anyMatch(l -> l.startsWith("\tat org.ecmomonitor.app.logging.LogbackConfigTest"));
        assertThat(lines).anyMatch(l -> l.equals("Caused by: java.lang.RuntimeException: cause\\u0085\\u2028x"));
        assertThat(lines).noneMatch(l -> l.startsWith("12:00:00.000 INFO  [main] Monitor"));
    }

    @Test
    void escapesEveryControlCharacterAndLeavesOrdinaryTextAlone() {
        assertThat(LogText.escape("MAP 63 mmHg, Flüss ≥ 2 L/min")).isEqualTo("MAP 63 mmHg, Flüss ≥ 2 L/min");
        assertThat(LogText.escape("a\tb\u0000c\u007fd\u009be")).isEqualTo("a\\tb\\u0000c\\u007fd\\u009be");
        assertThat(LogText.escape(null)).isNull();
    }
}
