package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README documents every configuration key the code reads, under both its names. */
class ReadmeTest {
    @Test
    void documentsEveryConfigurationKey() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (ConfigKey k : ConfigKey.values()) {
            assertThat(readme).as(k.name()).contains("`" + k.envKey() + "` (`" + k.fileKey() + "`)");
        }
        assertThat(readme).contains("bash .ci/run");
    }
}
