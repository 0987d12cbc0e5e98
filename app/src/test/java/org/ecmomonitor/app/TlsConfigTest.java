package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ecmomonitor.ingest.tls.TestPki;
import org.ecmomonitor.ingest.tls.TlsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS keys: which combinations start, which are refused, and start-up errors naming the key and the file. */
class TlsConfigTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static TestPki.Issued server;

    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        server = pki.server("monitor", TestPki.KeyFormat.PKCS1_RSA, 30);
    }

    private static Map<String, String> tls(String... more) {
        Map<String, String> env = new HashMap<>(Map.of("ECMO_MQTT_TLS_PORT", "8883", "ECMO_HTTP_TLS_PORT", "8443",
                "ECMO_TLS_CERT_FILE", server.cert().toString(), "ECMO_TLS_KEY_FILE", server.key().toString()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static MonitorConfig parse(Map<String, String> env) throws ConfigException {
        return new ConfigParser(env).parse(Optional.empty());
    }

    @Test
    void tlsIsOffByDefault() throws Exception {
        assertThat(parse(Map.of()).tls()).isEqualTo(MonitorConfig.TlsSettings.OFF);
    }

    @Test
    void tlsOnlyListenersKeepTheEndpointWithItsPlainListenerOff() throws Exception {
        MonitorConfig c = parse(tls("ECMO_MQTT_PORT", "-1", "ECMO_HTTP_PORT", "-1",
                "ECMO_MQTT_TLS_CLIENT_AUTH", "require", "ECMO_MQTT_TLS_CLIENT_CA_FILE", pki.caCert.toString()));
        assertThat(c.mqtt().orElseThrow().port()).isEqualTo(-1);
        assertThat(c.http().port()).isEqualTo(-1);
        assertThat(c.tls().mqttPort()).isEqualTo(8883);
        assertThat(c.tls().httpPort()).isEqualTo(8443);
        TlsConfig m = c.tls().material().orElseThrow();
        assertThat(m.clientAuth()).isEqualTo(TlsConfig.ClientAuth.REQUIRE);
        assertThat(m.clientCaFile()).contains(pki.caCert);
        assertThat(TlsSetup.mqtt(c.tls(), Clock.systemUTC())).isPresent();
        assertThat(TlsSetup.http(c.tls(), Clock.systemUTC())).isPresent();
    }

    @Test
    void aTlsPortWithoutTheKeyFileIsRefusedNamingIt() {
        Map<String, String> env = tls();
        env.remove("ECMO_TLS_KEY_FILE");
        assertThatThrownBy(() -> parse(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ECMO_TLS_KEY_FILE (tls_key_file) is required");
    }

    @Test
    void filesThatNothingUsesAreRefused() {
        assertThatThrownBy(() -> parse(Map.of("ECMO_TLS_CERT_FILE", server.cert().toString())))
                .hasMessageContaining("ECMO_TLS_CERT_FILE (tls_cert_file) is set but");
        assertThatThrownBy(() -> parse(tls("ECMO_MQTT_TLS_CLIENT_CA_FILE", pki.caCert.toString())))
                .hasMessageContaining("mqtt_tls_client_auth) is none");
        assertThatThrownBy(() -> parse(tls("ECMO_MQTT_TLS_PORT", "-1", "ECMO_MQTT_TLS_CLIENT_AUTH", "require",
                "ECMO_MQTT_TLS_CLIENT_CA_FILE", pki.caCert.toString()))).hasMessageContaining("is -1");
    }

    @Test
    void clientAuthNeedsItsCaAndOneOfThreeWords() {
        assertThatThrownBy(() -> parse(tls("ECMO_MQTT_TLS_CLIENT_AUTH", "require")))
                .hasMessageContaining("ECMO_MQTT_TLS_CLIENT_CA_FILE (mqtt_tls_client_ca_file) is required");
        assertThatThrownBy(() -> parse(tls("ECMO_MQTT_TLS_CLIENT_AUTH", "yes")))
                .hasMessageContaining("must be none, optional or require, got 'yes'");
    }

    @Test
    void noListenerForTheDashboardsIsRefused() {
        assertThatThrownBy(() -> parse(Map.of("ECMO_HTTP_PORT", "-1")))
                .hasMessageContaining("are both -1");
    }

    @Test
    void aGarbledKeyFileStopsTheStartNamingTheKeyAndTheFileButNotItsContent() throws Exception {
        Path garbled = Files.writeString(dir.resolve("garbled.key"), "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ5dGVz\n"
                + "-----END PRIVATE KEY-----\n");
        MonitorConfig c = parse(tls("ECMO_TLS_KEY_FILE", garbled.toString()));
        assertThatThrownBy(() -> TlsSetup.mqtt(c.tls(), Clock.systemUTC())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ECMO_TLS_KEY_FILE (tls_key_file): " + garbled)
                .hasMessageNotContaining("c2VjcmV0LWJ5dGVz");
    }

    @Test
    void aMissingClientCaStopsTheStartNamingItsKey() throws Exception {
        Path missing = dir.resolve("no-ca.pem");
        MonitorConfig c = parse(tls("ECMO_MQTT_TLS_CLIENT_AUTH", "optional", "ECMO_MQTT_TLS_CLIENT_CA_FILE",
                missing.toString()));
        assertThatThrownBy(() -> TlsSetup.mqtt(c.tls(), Clock.systemUTC()))
                .hasMessage("ECMO_MQTT_TLS_CLIENT_CA_FILE (mqtt_tls_client_ca_file): " + missing + " does not exist");
        assertThat(TlsSetup.http(c.tls(), Clock.systemUTC())).as("HTTPS asks no client certificate").isPresent();
    }
}
