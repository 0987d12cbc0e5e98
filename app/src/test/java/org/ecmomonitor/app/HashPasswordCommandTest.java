package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.ecmomonitor.ingest.Passwords;
import org.junit.jupiter.api.Test;

class HashPasswordCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin) {
        return HashPasswordCommand.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsAHashThatVerifiesTheStandardInputsPasswordAndNeverThePasswordItself() {
        assertThat(run("pump-b1-secret\n")).isZero();
        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(hash).startsWith("pbkdf2-sha256$600000$").doesNotContain("pump-b1-secret");
        assertThat(Passwords.verify("pump-b1-secret".toCharArray(), hash)).isTrue();
    }

    @Test
    void refusesAShortOrMissingPassword() {
        assertThat(run("short\n")).isEqualTo(2);
        assertThat(run("")).isEqualTo(2);
        assertThat(out.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("8 to 128 characters");
    }
}
