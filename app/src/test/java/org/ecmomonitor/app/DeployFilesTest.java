package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ecmomonitor.alerts.AlertEngine;
import org.ecmomonitor.alerts.InMemoryAlertRepository;
import org.junit.jupiter.api.Test;

/** deploy/ cannot rot: the example configuration parses with the real parser and documents every key. */
class DeployFilesTest {
    private static final Path EXAMPLE = Path.of("..", "deploy", "monitor.example.yaml");
    private static final Path UNIT = Path.of("..", "deploy", "ecmo-monitor.service");

    @Test
    void theExampleConfigurationParsesAndItsRuleNamesAreTheRulePacks() throws Exception {
        MonitorConfig c = new ConfigParser(Map.of()).parse(Optional.of(EXAMPLE));
        assertThat(c.mqtt().orElseThrow().anonymous()).as("production-minded")
                .isEqualTo(org.ecmomonitor.ingest.mqtt.MqttEndpointConfig.Anonymous.REFUSED);
        assertThat(c.tls().httpPort()).as("HTTPS").isPositive();
        assertThat(c.tls().mqttPort()).as("MQTT over TLS").isPositive();
        assertThat(c.feeds()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(c.backups().hourUtc()).isPresent();
        try (AlertEngine engine = new AlertEngine(new InMemoryAlertRepository(), c.ruleVariables(),
                Instant.parse("2026-11-29T00:00:00Z").toEpochMilli())) {
            assertThat(engine).isNotNull();
        }
    }

    @Test
    void theExampleDocumentsEveryConfigurationKeyAndHoldsNoRealSecret() throws Exception {
        String text = Files.readString(EXAMPLE);
        for (ConfigKey k : ConfigKey.values()) {
            assertThat(Pattern.compile("(?m)^#?\\s*" + k.fileKey() + ":").matcher(text).find())
                    .as(k.fileKey()).isTrue();
        }
        assertThat(Pattern.compile("(?m)^#?\\s*(\\w*password\\w*):\\s*(?!REPLACE-)\\S").matcher(text).find())
                .as("every password in the example is a REPLACE-... placeholder").isFalse();
    }

    @Test
    void theSystemdUnitRunsHardenedAsItsOwnUserWithAFixedHeap() throws Exception {
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("User=ecmo-monitor", "Restart=on-failure", "NoNewPrivileges=true",
                "ProtectSystem=strict", "PrivateTmp=true", "ReadWritePaths=/var/lib/ecmo-monitor", "UMask=0077",
                "LimitNOFILE=", "-XX:MaxGCPauseMillis=50", "--config /etc/ecmo-monitor/monitor.yaml");
        assertThat(Pattern.compile("-Xms(\\w+) -Xmx\\1").matcher(unit).find()).as("a fixed heap").isTrue();
    }
}
