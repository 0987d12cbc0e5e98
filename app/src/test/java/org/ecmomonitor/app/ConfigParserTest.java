package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.mqtt.MqttEndpointConfig;
import org.ecmomonitor.ingest.mqtt.MqttLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigParserTest {
    @TempDir
    Path dir;

    private MonitorConfig parse(Map<String, String> env) throws ConfigException {
        return new ConfigParser(env).parse(Optional.empty());
    }

    private MonitorConfig parseFile(String yaml, Map<String, String> env) throws Exception {
        Path f = dir.resolve("ecmo.yaml");
        Files.writeString(f, yaml);
        return new ConfigParser(env).parse(Optional.of(f));
    }

    @Test
    void hasTheContractsDefaults() throws Exception {
        MonitorConfig c = parse(Map.of());
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.mqtt().orElseThrow().port()).isEqualTo(1883);
        assertThat(c.mqtt().orElseThrow().bind()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.store()).isEqualTo(MonitorConfig.StoreKind.SQLITE);
        assertThat(c.influx()).isEmpty();
        assertThat(c.broker()).isEmpty();
        assertThat(c.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(c.escalation()).isEqualTo(org.ecmomonitor.alerts.EscalationPolicy.DEFAULT);
    }

    @Test
    void readsTheHttpBoundsAndAllowedHosts() throws Exception {
        MonitorConfig defaults = parse(Map.of());
        assertThat(defaults.http().allowedHosts()).isEmpty();
        assertThat(defaults.http().maxConnections()).isEqualTo(1000);
        assertThat(defaults.http().headerReadSeconds()).isEqualTo(10);
        assertThat(defaults.http().idleSeconds()).isEqualTo(120);
        MonitorConfig c = parseFile("http_allowed_hosts: 'ecmo.icu.example, 10.0.0.5, [fd00::5]'\n"
                + "http_max_connections: 50\nhttp_header_read_seconds: 5\nhttp_idle_seconds: 30\n", Map.of());
        assertThat(c.http().allowedHosts()).containsExactly("ecmo.icu.example", "10.0.0.5", "[fd00::5]");
        assertThat(c.http().maxConnections()).isEqualTo(50);
        assertThat(c.http().headerReadSeconds()).isEqualTo(5);
        assertThat(c.http().idleSeconds()).isEqualTo(30);
    }

    @Test
    void environmentOverridesTheFile() throws Exception {
        MonitorConfig c = parseFile("mqtt_port: 1999\nhttp_port: 9000\n", Map.of("ECMO_MQTT_PORT", "0"));
        assertThat(c.mqtt().orElseThrow().port()).isZero();
        assertThat(c.http().port()).isEqualTo(9000);
    }

    @Test
    void mqttPortMinusOneTurnsTheEndpointOff() throws Exception {
        assertThat(parse(Map.of("ECMO_MQTT_PORT", "-1")).mqtt()).isEmpty();
    }

    @Test
    void readsInfluxAndBrokerSettings() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ECMO_STORE", "influx");
        env.put("ECMO_INFLUX_URL", "http://127.0.0.1:8086");
        env.put("ECMO_BROKER_URL", "tcp://127.0.0.1:1883");
        env.put("ECMO_BROKER_TOPICS", "icu/+/+, site/+/icu/+/+");
        MonitorConfig c = parse(env);
        assertThat(c.influx().orElseThrow().database()).isEqualTo("ecmo");
        assertThat(c.broker().orElseThrow().topics()).containsExactly("icu/+/+", "site/+/icu/+/+");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            ECMO_MQTT_PORT        | 70000        | ECMO_MQTT_PORT must be within -1..65535, got 70000
            ECMO_MQTT_PORT        | abc          | ECMO_MQTT_PORT must be an integer within -1..65535, got 'abc'
            ECMO_HTTP_PORT        | -2           | ECMO_HTTP_PORT must be within -1..65535, got -2
            ECMO_STORE            | postgres     | ECMO_STORE must be sqlite or influx, got 'postgres'
            ECMO_STORE            | influx       | ECMO_INFLUX_URL is required when ECMO_STORE=influx
            ECMO_BROKER_URL       | 127.0.0.1    | ECMO_BROKER_URL must be a URL with scheme tcp or ssl or ws or wss
            ECMO_MQTT_ALLOW_ANONYMOUS | yes      | ECMO_MQTT_ALLOW_ANONYMOUS must be true or false, got 'yes'
            ECMO_RETENTION_DAYS   | 0            | ECMO_RETENTION_DAYS must be within 1..3650, got 0
            ECMO_MQTT_RECEIVE_MAXIMUM | 0        | ECMO_MQTT_RECEIVE_MAXIMUM must be within 1..65535, got 0
            ECMO_ESCALATION_HIGH_LEVEL3_SECONDS | 30 | ECMO_ESCALATION_HIGH_LEVEL3_SECONDS must be more than ECMO_ESCALATION_HIGH_LEVEL2_SECONDS (60), got 30
            ECMO_RECORD_DAYS      | 0            | ECMO_RECORD_DAYS must be within 1..3650, got 0
            ECMO_HTTP_MAX_CONNECTIONS | 0        | ECMO_HTTP_MAX_CONNECTIONS must be within 1..100000, got 0
            ECMO_HTTP_HEADER_READ_SECONDS | 301  | ECMO_HTTP_HEADER_READ_SECONDS must be within 1..300, got 301
            ECMO_HTTP_IDLE_SECONDS | 0           | ECMO_HTTP_IDLE_SECONDS must be within 1..86400, got 0
            ECMO_HTTP_ALLOWED_HOSTS | http://monitor.icu | ECMO_HTTP_ALLOWED_HOSTS must list host names or IP addresses
            ECMO_HTTP_ALLOWED_HOSTS | evil.example:80 | ECMO_HTTP_ALLOWED_HOSTS must list host names or IP addresses
            ECMO_RECORD_DAYS      | 3651         | ECMO_RECORD_DAYS must be within 1..3650, got 3651
            ECMO_RECORD_DAYS      | a week       | ECMO_RECORD_DAYS must be an integer within 1..3650, got 'a week'
            ECMO_RECORD_DAYS      | 7.5          | ECMO_RECORD_DAYS must be an integer within 1..3650, got '7.5'
            ECMO_MQTT_MAX_CLIENT_ID_LENGTH | 22  | ECMO_MQTT_MAX_CLIENT_ID_LENGTH must be within 23..65535, got 22
            ECMO_MQTT_MAX_CONNECTIONS | 0        | ECMO_MQTT_MAX_CONNECTIONS must be within 1..1000000, got 0
            ECMO_MQTT_MAX_SESSION_MB | 0         | ECMO_MQTT_MAX_SESSION_MB must be within 1..4096, got 0
            ECMO_MQTT_CONNECT_TIMEOUT_SECONDS | 301 | ECMO_MQTT_CONNECT_TIMEOUT_SECONDS must be within 1..300, got 301
            ECMO_MQTT_SIGN_IN_FAILURES | 0       | ECMO_MQTT_SIGN_IN_FAILURES must be within 1..1000, got 0
            ECMO_MQTT_SIGN_IN_REFILL_SECONDS | 0 | ECMO_MQTT_SIGN_IN_REFILL_SECONDS must be within 1..3600, got 0
            ECMO_INGEST_MAX_BEDS  | 0            | ECMO_INGEST_MAX_BEDS must be within 1..100000, got 0
            ECMO_INGEST_MAX_DEVICES | 100001     | ECMO_INGEST_MAX_DEVICES must be within 1..100000, got 100001
            """)
    void failsFastNamingTheKeyAndWhatIsAllowed(String key, String value, String message) {
        assertThatThrownBy(() -> parse(Map.of(key, value))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void recordingIsOffByDefaultAndKeepsSevenDaysOnceOn() throws Exception {
        MonitorConfig off = parse(Map.of());
        assertThat(off.recordDir()).isEmpty();
        assertThat(off.recordDays()).isEqualTo(7);
        assertThat(parse(Map.of("ECMO_RECORD_DIR", "  ")).recordDir()).as("blank is unset").isEmpty();

        MonitorConfig on = parse(Map.of("ECMO_RECORD_DIR", "/var/lib/ecmo/record"));
        assertThat(on.recordDir()).contains(Path.of("/var/lib/ecmo/record"));
        assertThat(on.recordDays()).isEqualTo(7);
    }

    @Test
    void readsTheRecordingKeysFromTheFileAndTheEnvironmentOverThem() throws Exception {
        MonitorConfig file = parseFile("record_dir: data/record\nrecord_days: 30\n", Map.of());
        assertThat(file.recordDir()).contains(Path.of("data/record"));
        assertThat(file.recordDays()).isEqualTo(30);

        MonitorConfig env = parseFile("record_dir: data/record\nrecord_days: 30\n",
                Map.of("ECMO_RECORD_DIR", "/srv/blackbox", "ECMO_RECORD_DAYS", "3650"));
        assertThat(env.recordDir()).contains(Path.of("/srv/blackbox"));
        assertThat(env.recordDays()).isEqualTo(3650);
        assertThat(parse(Map.of("ECMO_RECORD_DAYS", "1")).recordDays()).isEqualTo(1);
    }

    @Test
    void refusesBadRecordingValuesNamingTheKey() {
        assertThatThrownBy(() -> parseFile("record_dir: \"data/\\0record\"\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("ECMO_RECORD_DIR must be a path, got '");
        assertThatThrownBy(() -> parseFile("record_dir: [a, b]\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'record_dir' must be a single value");
        assertThatThrownBy(() -> parseFile("record_days: -3\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("ECMO_RECORD_DAYS must be within 1..3650, got -3");
        assertThatThrownBy(() -> parse(Map.of("ECMO_RECORD_DAYS", "")))
                .isInstanceOf(ConfigException.class).hasMessage("ECMO_RECORD_DAYS must not be empty");
    }

    @Test
    void refusesUnknownKeysInTheFile() {
        assertThatThrownBy(() -> parseFile("mqtt_prot: 1883\n", Map.of())).hasMessageContaining("mqtt_prot");
    }

    @Test
    void refusesAFileThatIsNotYamlOrNotAMapping() {
        assertThatThrownBy(() -> parseFile("- a\n- b\n", Map.of())).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> parseFile("key: [unclosed\n", Map.of())).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new ConfigParser(Map.of()).parse(Optional.of(dir.resolve("missing.yaml"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read");
    }

    @Test
    void readsFeeds() throws Exception {
        MonitorConfig c = parseFile("""
                feeds:
                  - device: console-b1
                    bed: B1
                    password: long-enough-pw
                    aliases: {ABP_MEAN: map, Flow: ecmo_flow}
                    expected_signals: [map, ecmo_flow]
                  - device: nirs-b1
                """, Map.of());
        assertThat(c.feeds()).hasSize(2);
        assertThat(c.feeds().get(0).feed().aliases()).containsEntry("ABP_MEAN", Signal.MAP);
        assertThat(c.feeds().get(0).password()).isEqualTo("long-enough-pw");
        assertThat(c.feeds().get(0).feed().expectedSignals()).containsExactlyInAnyOrder(Signal.MAP, Signal.ECMO_FLOW);
    }

    @Test
    void readsRuleThresholdsAndRefusesNonNumbers() throws Exception {
        assertThat(parseFile("rules: {map_critical_below: 48, map_low_hold_seconds: 240}\n", Map.of())
                .ruleVariables()).containsEntry("map_critical_below", 48.0).containsEntry("map_low_hold_seconds", 240.0);
        assertThatThrownBy(() -> parseFile("rules: {map_critical_below: low}\n", Map.of()))
                .hasMessageContaining("rules.map_critical_below must be a non-negative number");
        assertThatThrownBy(() -> parseFile("rules: [1]\n", Map.of())).hasMessageContaining("'rules' must map");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            alias to an unknown signal  | [{device: d1, aliases: {X: flux}}]                 | 'flux' is not a canonical signal
            device id with a space      | [{device: 'd 1'}]                                  | 'device' must match
            reserved device id          | [{device: context}]                                | not be 'context'
            duplicate device            | [{device: d1}, {device: d1}]                       | listed twice
            short password              | [{device: d1, password: abc}]                      | at least 8 characters
            both password forms         | [{device: d1, password: abcdefgh, password_hash: x}] | not both
            unknown key                 | [{device: d1, pasword: abcdefgh}]                  | unknown key 'pasword'
            feeds not a list            | {device: d1}                                       | must be a list
            bed and beds                | [{device: d1, bed: B1, beds: [B2]}]                | 'bed' or 'beds', not both
            empty beds                  | [{device: d1, beds: []}]                           | non-empty list
            bad bed in the list         | [{device: d1, beds: [B1, 'B 2']}]                  | bed 'B 2' must match
            context not a boolean       | [{device: d1, context: 'yes'}]                     | 'context' must be true or false
            """)
    void refusesBadFeedsNamingWhere(String name, String feeds, String message) {
        assertThatThrownBy(() -> parseFile("feeds: " + feeds + "\n", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aYamlSyntaxErrorSaysWhereButNeverQuotesThePasswordOnThatLine() {
        String yaml = "broker_url: tcp://127.0.0.1:1883\nbroker_username: monitor\n"
                + "broker_password: Sup3rS3cret-42: oops\n";
        assertThatThrownBy(() -> parseFile(yaml, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 3")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Sup3rS3cret"));
    }

    @Test
    void anUnclosedQuoteAroundAFeedPasswordIsReportedWithoutIt() {
        String yaml = "feeds:\n  - device: console-b1\n    password: \"Hunter2-long-enough\n    bed: B1\n";
        assertThatThrownBy(() -> parseFile(yaml, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Hunter2"));
    }

    @Test
    void aBadBrokerUrlIsShownWithoutItsUserAndPassword() {
        assertThatThrownBy(() -> parse(Map.of("ECMO_ALERTS_BROKER_URL", "http://monitor:Pa55word@broker:1883")))
                .hasMessageContaining("ECMO_ALERTS_BROKER_URL").hasMessageContaining("****@broker")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Pa55word"));
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingTheKeyAndTheLine() {
        assertThatThrownBy(() -> parseFile("mqtt_port: 1883\nhttp_port: 8080\nmqtt_port: 1884\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'mqtt_port' is given twice").hasMessageContaining("line 3");
        assertThatThrownBy(() -> parseFile("feeds:\n  - device: a\n    bed: B1\n    bed: B2\n", Map.of()))
                .hasMessageContaining("'bed' is given twice").hasMessageContaining("line 4");
    }

    @Test
    void aDuplicatedPasswordKeyIsRefusedWithoutShowingEitherValue() {
        String yaml = "broker_password: first-Secret\nbroker_password: second-Secret\n";
        assertThatThrownBy(() -> parseFile(yaml, Map.of())).hasMessageContaining("broker_password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Secret"));
    }

    @Test
    void dailyBackupIsOffByDefaultKeepsSevenAndTakesAnHourOfTheDay() throws Exception {
        assertThat(parse(Map.of()).backups()).isEqualTo(new MonitorConfig.Backups(Optional.empty(), 7));
        assertThat(parseFile("backup_hour_utc: 2\nbackup_keep: 14\n", Map.of()).backups())
                .isEqualTo(new MonitorConfig.Backups(Optional.of(2), 14));
        assertThatThrownBy(() -> parse(Map.of("ECMO_BACKUP_HOUR_UTC", "24")))
                .hasMessage("ECMO_BACKUP_HOUR_UTC must be within 0..23, got 24");
        assertThatThrownBy(() -> parse(Map.of("ECMO_BACKUP_KEEP", "0")))
                .hasMessage("ECMO_BACKUP_KEEP must be within 1..1000, got 0");
    }

    @Test
    void runRefusesAnonymousDevicesByDefaultAndReadsTheMqttBounds() throws Exception {
        MqttEndpointConfig m = parse(Map.of()).mqtt().orElseThrow();
        assertThat(m.anonymous()).isEqualTo(MqttEndpointConfig.Anonymous.REFUSED);
        assertThat(m.limits()).isEqualTo(MqttLimits.DEFAULTS);
        assertThat(m.connectTimeoutSeconds()).isEqualTo(10);
        MonitorConfig c = parse(Map.of("ECMO_MQTT_ALLOW_ANONYMOUS", "true", "ECMO_MQTT_MAX_CLIENT_ID_LENGTH", "64",
                "ECMO_MQTT_MAX_SESSION_MB", "2", "ECMO_INGEST_MAX_BEDS", "40"));
        assertThat(c.mqtt().orElseThrow().anonymous()).isEqualTo(MqttEndpointConfig.Anonymous.ALLOWED);
        assertThat(c.mqtt().orElseThrow().limits().maxClientIdLength()).isEqualTo(64);
        assertThat(c.mqtt().orElseThrow().limits().maxSessionBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(c.ingest().maxBeds()).isEqualTo(40);
    }

    @Test
    void readsABedListAndTheContextFlagAndKeepsTheSingleBedForm() throws Exception {
        MonitorConfig c = parseFile("""
                feeds:
                  - {device: gateway-b1, beds: [B1, B2], context: true}
                  - {device: nirs-b1, bed: B1}
                  - {device: roaming}
                """, Map.of());
        assertThat(c.feeds().get(0).feed().beds()).containsExactlyInAnyOrder("B1", "B2");
        assertThat(c.feeds().get(0).feed().context()).isTrue();
        assertThat(c.feeds().get(1).feed().beds()).containsExactly("B1");
        assertThat(c.feeds().get(1).feed().context()).isFalse();
        assertThat(c.feeds().get(2).feed().beds()).isEmpty();
    }
}
