package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterLogTest {
    @TempDir
    Path dir;

    private static DeadLetter letter(String feed, byte[] raw) {
        return new DeadLetter(0, "mqtt", "icu/B1/" + feed, feed,
                List.of(Rejection.ofMessage(RejectReason.MALFORMED_JSON, "bad")), raw, raw.length);
    }

    @Test
    void keepsTheRawBytesExactly() throws Exception {
        byte[] raw = {0, (byte) 0xff, '{', '\n', '"'};
        try (DeadLetterLog log = new DeadLetterLog(dir, 4096, 2)) {
            log.append(List.of(letter("dev", raw)));
        }
        String line = Files.readAllLines(dir.resolve("deadletter.jsonl")).get(0);
        String b64 = line.replaceAll(".*\"raw_base64\":\"([^\"]+)\".*", "$1");
        assertThat(Base64.getDecoder().decode(b64)).isEqualTo(raw);
        assertThat(line).contains("\"reason\":\"malformed_json\"").contains("\"feed\":\"dev\"");
    }

    @Test
    void staysWithinItsBoundByRotating() throws Exception {
        byte[] raw = new byte[300];
        try (DeadLetterLog log = new DeadLetterLog(dir, 2048, 2)) {
            for (int i = 0; i < 100; i++) {
                log.append(List.of(letter("dev", raw)));
            }
            assertThat(log.latest("dev")).hasSize(DeadLetterLog.LATEST_PER_FEED);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("deadletter.jsonl", "deadletter.jsonl.1", "deadletter.jsonl.2");
            for (Path p : all) {
                assertThat(Files.size(p)).isLessThanOrEqualTo(2048);
            }
        }
    }
}
